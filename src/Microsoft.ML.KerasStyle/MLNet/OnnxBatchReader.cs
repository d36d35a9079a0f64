using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>Collects one feature column of consecutive rows into an ONNX Runtime input of shape (rows, size), in the column's own element type.</summary>
internal abstract class OnnxBatchReader
{
    /// <summary>Copies the cursor's current row into slot <paramref name="row"/>.</summary>
    public abstract void Read(int row);

    /// <summary>The first <paramref name="rows"/> slots as the input <paramref name="name"/> (valid until the next <see cref="Read"/>).</summary>
    public abstract NamedOnnxValue Take(string name, int rows);

    /// <summary>A reader of <paramref name="column"/> (a scalar or a known-size vector of <paramref name="size"/> values).</summary>
    public static OnnxBatchReader Create(DataViewRow row, DataViewSchema.Column column, int size, int capacity)
    {
        var raw = (column.Type is VectorDataViewType v ? v.ItemType : column.Type).RawType;
        var type = typeof(Reader<>).MakeGenericType(raw);
        return (OnnxBatchReader)Activator.CreateInstance(type, row, column, size, capacity)!;
    }

    sealed class Reader<T> : OnnxBatchReader where T : unmanaged
    {
        readonly DataViewSchema.Column column;
        readonly int size;
        readonly ValueGetter<VBuffer<T>>? vectorGetter;
        readonly ValueGetter<T>? scalarGetter;
        readonly T[] values;
        VBuffer<T> buffer;

        public Reader(DataViewRow row, DataViewSchema.Column column, int size, int capacity)
        {
            this.column = column;
            this.size = size;
            if (column.Type is VectorDataViewType) vectorGetter = row.GetGetter<VBuffer<T>>(column);
            else scalarGetter = row.GetGetter<T>(column);
            values = new T[(long)capacity * size];
        }

        public override void Read(int row)
        {
            if (vectorGetter is null)
            {
                scalarGetter!(ref values[row]);
                return;
            }
            vectorGetter(ref buffer);
            if (buffer.Length != size)
                throw new InvalidOperationException($"Column '{column.Name}' declares {size} values per row but a row holds {buffer.Length}.");
            buffer.CopyTo(values.AsSpan(row * size, size));
        }

        public override NamedOnnxValue Take(string name, int rows) =>
            NamedOnnxValue.CreateFromTensor(name, new DenseTensor<T>(values.AsMemory(0, rows * size), [rows, size]));
    }
}
