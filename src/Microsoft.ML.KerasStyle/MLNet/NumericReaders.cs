extern alias MicrosoftML;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Batch readers for numeric columns: scalars and known-size vectors (sparse vectors densified, zeros where no value)
/// of Single, Double, integers and Boolean, converted to the model's float32 or int64; key labels as 0-based class
/// indices or one-hot rows.
/// </summary>
internal static class NumericReaders
{
    static readonly Type[] Supported =
        [typeof(float), typeof(double), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(bool)];

    /// <summary>Whether values of <paramref name="raw"/> can be read as numbers.</summary>
    public static bool IsSupported(Type raw) => Supported.Contains(raw);

    /// <summary>A reader of <paramref name="column"/> giving tensors of shape (rows, <paramref name="shape"/>) and type <paramref name="dtype"/> (float32 or int64).</summary>
    public static ColumnBatchReader Values(DataViewRow row, DataViewSchema.Column column, long[] shape, ScalarType dtype, int capacity)
    {
        var raw = (column.Type is VectorDataViewType v ? v.ItemType : column.Type).RawType;
        var asLong = dtype is ScalarType.Int64 or ScalarType.Int32;
        return raw switch
        {
            _ when raw == typeof(float) => new ValueReader<float>(row, column, shape, asLong, capacity, v => v, v => (long)v),
            _ when raw == typeof(double) => new ValueReader<double>(row, column, shape, asLong, capacity, v => (float)v, v => (long)v),
            _ when raw == typeof(sbyte) => new ValueReader<sbyte>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(byte) => new ValueReader<byte>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(short) => new ValueReader<short>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(ushort) => new ValueReader<ushort>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(int) => new ValueReader<int>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(uint) => new ValueReader<uint>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(long) => new ValueReader<long>(row, column, shape, asLong, capacity, v => v, v => v),
            _ when raw == typeof(ulong) => new ValueReader<ulong>(row, column, shape, asLong, capacity, v => v, v => checked((long)v)),
            _ when raw == typeof(bool) => new ValueReader<bool>(row, column, shape, asLong, capacity, v => v ? 1f : 0f, v => v ? 1 : 0),
            _ => throw new ArgumentException($"Column '{column.Name}' holds {column.Type}, which cannot be read as numbers."),
        };
    }

    /// <summary>A reader of the key column <paramref name="column"/>: class indices (key − 1, int64) or, with <paramref name="oneHot"/>, one-hot float rows.</summary>
    public static ColumnBatchReader Keys(DataViewRow row, DataViewSchema.Column column, int classCount, bool oneHot, int capacity)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(uint)) return new KeyReader<uint>(row, column, classCount, oneHot, capacity, k => k);
        if (raw == typeof(byte)) return new KeyReader<byte>(row, column, classCount, oneHot, capacity, k => k);
        if (raw == typeof(ushort)) return new KeyReader<ushort>(row, column, classCount, oneHot, capacity, k => k);
        if (raw == typeof(ulong)) return new KeyReader<ulong>(row, column, classCount, oneHot, capacity, k => k);
        throw new ArgumentException($"Key column '{column.Name}' is stored as {raw.Name}, which is not a key type.");
    }

    sealed class ValueReader<T> : ColumnBatchReader where T : unmanaged
    {
        readonly DataViewSchema.Column column;
        readonly long[] shape;
        readonly int size;
        readonly bool asLong;
        readonly Func<T, float> toFloat;
        readonly Func<T, long> toLong;
        readonly ValueGetter<VBuffer<T>>? vectorGetter;
        readonly ValueGetter<T>? scalarGetter;
        readonly T[] rowValues;
        readonly float[]? floats;
        readonly long[]? longs;
        VBuffer<T> buffer;

        public ValueReader(DataViewRow row, DataViewSchema.Column column, long[] shape, bool asLong, int capacity, Func<T, float> toFloat, Func<T, long> toLong)
        {
            this.column = column;
            this.shape = shape;
            size = checked((int)shape.Aggregate(1L, (a, b) => a * b));
            this.asLong = asLong;
            this.toFloat = toFloat;
            this.toLong = toLong;
            if (column.Type is VectorDataViewType) vectorGetter = row.GetGetter<VBuffer<T>>(column);
            else scalarGetter = row.GetGetter<T>(column);
            rowValues = new T[size];
            if (asLong) longs = new long[(long)capacity * size];
            else floats = new float[(long)capacity * size];
        }

        public override void Read(int row)
        {
            Span<T> values = rowValues;
            if (vectorGetter is not null)
            {
                vectorGetter(ref buffer);
                if (buffer.Length != size)
                    throw new InvalidOperationException($"Column '{column.Name}' declares {size} values per row but a row holds {buffer.Length}.");
                // Dense float vectors copy straight into the batch; anything else goes through the row buffer.
                if (!asLong && typeof(T) == typeof(float))
                {
                    buffer.CopyTo(MemoryMarshal.Cast<float, T>(floats.AsSpan(row * size, size)));
                    return;
                }
                buffer.CopyTo(values);
            }
            else
            {
                var value = default(T);
                scalarGetter!(ref value);
                values[0] = value;
            }
            var offset = row * size;
            if (asLong) for (var i = 0; i < size; i++) longs![offset + i] = toLong(values[i]);
            else for (var i = 0; i < size; i++) floats![offset + i] = toFloat(values[i]);
        }

        public override Tensor Take(int rows)
        {
            long[] dims = [rows, .. shape];
            return asLong ? tensor(longs.AsSpan(0, rows * size).ToArray(), dims) : tensor(floats.AsSpan(0, rows * size).ToArray(), dims);
        }
    }

    sealed class KeyReader<T> : ColumnBatchReader where T : unmanaged
    {
        readonly DataViewSchema.Column column;
        readonly DataViewRow cursor;
        readonly int classCount;
        readonly bool oneHot;
        readonly Func<T, ulong> toKey;
        readonly ValueGetter<T> getter;
        readonly long[] indices;

        public KeyReader(DataViewRow row, DataViewSchema.Column column, int classCount, bool oneHot, int capacity, Func<T, ulong> toKey)
        {
            this.column = column;
            cursor = row;
            this.classCount = classCount;
            this.oneHot = oneHot;
            this.toKey = toKey;
            getter = row.GetGetter<T>(column);
            indices = new long[capacity];
        }

        public override void Read(int row)
        {
            var raw = default(T);
            getter(ref raw);
            var key = toKey(raw);
            // ML.NET keys count from 1; 0 is the missing key (a value the key mapping did not know).
            if (key == 0 || key > (ulong)classCount)
                throw new InvalidOperationException(key == 0
                    ? $"Label column '{column.Name}' holds a missing key (0) at row {cursor.Position}: the value was not in the key mapping. Filter those rows first."
                    : $"Label column '{column.Name}' holds key {key} at row {cursor.Position}, beyond its {classCount} classes.");
            indices[row] = (long)key - 1;
        }

        public override Tensor Take(int rows)
        {
            var index = tensor(indices.AsSpan(0, rows).ToArray(), [rows]);
            if (!oneHot) return index;
            using (index) return nn.functional.one_hot(index, classCount).to(ScalarType.Float32);
        }

        /// <summary>The class index of slot <paramref name="row"/>.</summary>
        public long ClassAt(int row) => indices[row];
    }
}
