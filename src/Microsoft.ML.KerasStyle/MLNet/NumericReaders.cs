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
    /// <param name="owner">Who reads, for messages.</param>
    /// <param name="row">The cursor.</param>
    /// <param name="column">The column.</param>
    /// <param name="shape">The tensor shape of one row.</param>
    /// <param name="dtype">float32, or int64 (int32 is read as int64).</param>
    /// <param name="role">What the column is to the model, for messages: "feature", "label", "example weight".</param>
    public static ColumnBatchReader Values(string owner, DataViewRow row, DataViewSchema.Column column, long[] shape, ScalarType dtype, string role)
    {
        var raw = (column.Type is VectorDataViewType v ? v.ItemType : column.Type).RawType;
        var asLong = dtype is ScalarType.Int64 or ScalarType.Int32;
        return raw switch
        {
            _ when raw == typeof(float) => new ValueReader<float>(owner, row, column, role, shape, asLong, v => v, v => (long)v),
            _ when raw == typeof(double) => new ValueReader<double>(owner, row, column, role, shape, asLong, v => (float)v, v => (long)v),
            _ when raw == typeof(sbyte) => new ValueReader<sbyte>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(byte) => new ValueReader<byte>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(short) => new ValueReader<short>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(ushort) => new ValueReader<ushort>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(int) => new ValueReader<int>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(uint) => new ValueReader<uint>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(long) => new ValueReader<long>(owner, row, column, role, shape, asLong, v => v, v => v),
            _ when raw == typeof(ulong) => new ValueReader<ulong>(owner, row, column, role, shape, asLong, v => v, v => checked((long)v)),
            _ when raw == typeof(bool) => new ValueReader<bool>(owner, row, column, role, shape, asLong, v => v ? 1f : 0f, v => v ? 1 : 0),
            _ => throw new ArgumentException($"Column '{column.Name}' holds {column.Type}, which cannot be read as numbers."),
        };
    }

    /// <summary>A reader of the key column <paramref name="column"/>: class indices (key − 1, int64) or, with <paramref name="oneHot"/>, one-hot float rows.</summary>
    /// <param name="owner">Who reads, for messages.</param>
    /// <param name="row">The cursor.</param>
    /// <param name="column">The key column.</param>
    /// <param name="classCount">The key count.</param>
    /// <param name="oneHot">One-hot rows instead of class indices.</param>
    public static ColumnBatchReader Keys(string owner, DataViewRow row, DataViewSchema.Column column, int classCount, bool oneHot)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(uint)) return new KeyReader<uint>(owner, row, column, classCount, oneHot, k => k);
        if (raw == typeof(byte)) return new KeyReader<byte>(owner, row, column, classCount, oneHot, k => k);
        if (raw == typeof(ushort)) return new KeyReader<ushort>(owner, row, column, classCount, oneHot, k => k);
        if (raw == typeof(ulong)) return new KeyReader<ulong>(owner, row, column, classCount, oneHot, k => k);
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
        VBuffer<T> buffer;

        // Only floating-point values can be NaN or infinite; integers and Booleans skip the check.
        static readonly bool CanBeNonFinite = typeof(T) == typeof(float) || typeof(T) == typeof(double);

        public ValueReader(string owner, DataViewRow row, DataViewSchema.Column column, string role, long[] shape, bool asLong, Func<T, float> toFloat, Func<T, long> toLong)
            : base(owner, row, column, role)
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
        }

        public override Array NewBuffer(int capacity) => asLong ? new long[checked(capacity * size)] : new float[checked(capacity * size)];

        public override bool Read(Array batch, int row)
        {
            Span<T> values = rowValues;
            if (vectorGetter is not null)
            {
                Get(vectorGetter, ref buffer);
                if (buffer.Length != size)
                    throw new InvalidOperationException($"Column '{column.Name}' declares {size} values per row but a row holds {buffer.Length}.");
                // Dense or sparse float vectors copy straight into the batch (zeros where a sparse one has no value);
                // anything else goes through the row buffer.
                if (!asLong && typeof(T) == typeof(float))
                {
                    var slot = ((float[])batch).AsSpan(row * size, size);
                    buffer.CopyTo(MemoryMarshal.Cast<float, T>(slot));
                    return AllFinite(slot);
                }
                buffer.CopyTo(values);
            }
            else
            {
                var value = default(T);
                Get(scalarGetter!, ref value);
                values[0] = value;
            }
            if (asLong)
            {
                var longs = ((long[])batch).AsSpan(row * size, size);
                var finite = true;
                for (var i = 0; i < size; i++)
                {
                    if (CanBeNonFinite) finite &= float.IsFinite(toFloat(values[i]));
                    longs[i] = toLong(values[i]);
                }
                return finite;
            }
            var floats = ((float[])batch).AsSpan(row * size, size);
            for (var i = 0; i < size; i++) floats[i] = toFloat(values[i]);
            return !CanBeNonFinite || AllFinite(floats);
        }

        // Called right after Read for the same row: an int64 batch keeps no float, but the row buffer has the values read.
        public override string? NonFinite(Array batch, int row)
        {
            if (!CanBeNonFinite) return null;
            for (var i = 0; i < size; i++)
            {
                var v = batch is float[] floats ? floats[row * size + i] : toFloat(rowValues[i]);
                if (float.IsFinite(v)) continue;
                var value = Training.FiniteWeights.Describe(v);
                return size == 1 ? value : $"{value} (value {i} of the row's {size})";
            }
            return null;
        }

        public override Tensor Take(Array batch, int rows)
        {
            long[] dims = [rows, .. shape];
            return asLong ? ToTensor<long>(((long[])batch).AsSpan(0, rows * size), dims, ScalarType.Int64) : ToTensor<float>(((float[])batch).AsSpan(0, rows * size), dims, ScalarType.Float32);
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

        public KeyReader(string owner, DataViewRow row, DataViewSchema.Column column, int classCount, bool oneHot, Func<T, ulong> toKey)
            : base(owner, row, column, "label")
        {
            this.column = column;
            cursor = row;
            this.classCount = classCount;
            this.oneHot = oneHot;
            this.toKey = toKey;
            getter = row.GetGetter<T>(column);
        }

        public override Array NewBuffer(int capacity) => new long[capacity];

        public override bool Read(Array batch, int row)
        {
            var raw = default(T);
            Get(getter, ref raw);
            var key = toKey(raw);
            // ML.NET keys count from 1; 0 is the missing key (a value the key mapping did not know).
            if (key == 0 || key > (ulong)classCount)
                throw new InvalidOperationException(key == 0
                    ? $"Label column '{column.Name}' holds a missing key (0) at row {cursor.Position}: the value was not in the key mapping. Filter those rows first."
                    : $"Label column '{column.Name}' holds key {key} at row {cursor.Position}, beyond its {classCount} classes.");
            ((long[])batch)[row] = (long)key - 1;
            return true;
        }

        public override Tensor Take(Array batch, int rows)
        {
            var index = ToTensor<long>(((long[])batch).AsSpan(0, rows), [rows], ScalarType.Int64);
            if (!oneHot) return index;
            using (index) return nn.functional.one_hot(index, classCount).to(ScalarType.Float32);
        }
    }
}
