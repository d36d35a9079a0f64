using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Reads one ML.NET column of the current cursor row as a tensor: vectors of known size → tensors of the vector's
/// dimensions (sparse vectors densified), scalars → 0-d tensors. Single stays float32, Double becomes float32 (Keras's
/// floatx), integers become int64, Boolean stays bool, and keys (1-based, 0 = missing) become 0-based int64 class indices.
/// </summary>
internal sealed class DataViewColumnReader
{
    readonly Func<DataViewRow, Func<Tensor>> bind;

    DataViewColumnReader(DataViewSchema.Column column, Func<DataViewRow, Func<Tensor>> bind)
    {
        Column = column;
        this.bind = bind;
    }

    /// <summary>The column read.</summary>
    public DataViewSchema.Column Column { get; }

    /// <summary>Name of the column.</summary>
    public string Name => Column.Name;

    /// <summary>
    /// A reader for the column <paramref name="name"/>, checked against the schema: a clear error names the column when
    /// it is missing or of a type with no tensor form. <paramref name="role"/> ("feature", "label"…) names its use.
    /// </summary>
    public static DataViewColumnReader For(DataViewSchema schema, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(name, role + "Column");
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"Dataset.FromDataView: the {role} column '{name}' is not in the data view. " +
            $"Columns present: [{string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}].");
        var c = column;
        var bind = c.Type switch
        {
            VectorDataViewType { IsKnownSize: false } => throw Unsupported(c, "a vector of variable size; tensors need a fixed shape (resize or pad it in ML.NET first)"),
            VectorDataViewType vector => VectorReader(c, vector),
            _ => ScalarReader(c),
        };
        return new DataViewColumnReader(c, bind);
    }

    /// <summary>A function that reads the column on <paramref name="row"/>'s current position.</summary>
    public Func<Tensor> Bind(DataViewRow row) => bind(row);

    static Func<DataViewRow, Func<Tensor>> ScalarReader(DataViewSchema.Column c)
    {
        var raw = c.Type.RawType;
        if (c.Type is KeyDataViewType)
        {
            if (raw == typeof(byte)) return row => Scalar<byte>(row, c, v => tensor(KeyIndex(v, c, row)));
            if (raw == typeof(ushort)) return row => Scalar<ushort>(row, c, v => tensor(KeyIndex(v, c, row)));
            if (raw == typeof(uint)) return row => Scalar<uint>(row, c, v => tensor(KeyIndex(v, c, row)));
            if (raw == typeof(ulong)) return row => Scalar<ulong>(row, c, v => tensor(KeyIndex(v, c, row)));
            throw Unsupported(c, $"a key type stored as {raw.Name}");
        }
        if (raw == typeof(float)) return row => Scalar<float>(row, c, v => tensor(v));
        if (raw == typeof(double)) return row => Scalar<double>(row, c, v => tensor((float)v));
        if (raw == typeof(bool)) return row => Scalar<bool>(row, c, v => tensor(v));
        if (raw == typeof(sbyte)) return row => Scalar<sbyte>(row, c, v => tensor((long)v));
        if (raw == typeof(byte)) return row => Scalar<byte>(row, c, v => tensor((long)v));
        if (raw == typeof(short)) return row => Scalar<short>(row, c, v => tensor((long)v));
        if (raw == typeof(ushort)) return row => Scalar<ushort>(row, c, v => tensor((long)v));
        if (raw == typeof(int)) return row => Scalar<int>(row, c, v => tensor((long)v));
        if (raw == typeof(uint)) return row => Scalar<uint>(row, c, v => tensor((long)v));
        if (raw == typeof(long)) return row => Scalar<long>(row, c, v => tensor(v));
        if (raw == typeof(ulong)) return row => Scalar<ulong>(row, c, v => tensor(checked((long)v)));
        throw Unsupported(c, raw == typeof(ReadOnlyMemory<char>)
            ? "text; map it to keys (MapValueToKey) or to features (FeaturizeText) first"
            : $"{c.Type} (.NET {raw.Name}), which has no tensor form");
    }

    static Func<DataViewRow, Func<Tensor>> VectorReader(DataViewSchema.Column c, VectorDataViewType vector)
    {
        var shape = vector.Dimensions.Select(d => (long)d).ToArray();
        var item = vector.ItemType;
        var raw = item.RawType;
        if (item is KeyDataViewType)
        {
            if (raw == typeof(byte)) return row => Vector<byte>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => KeyIndex(v, c, row)), shape));
            if (raw == typeof(ushort)) return row => Vector<ushort>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => KeyIndex(v, c, row)), shape));
            if (raw == typeof(uint)) return row => Vector<uint>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => KeyIndex(v, c, row)), shape));
            if (raw == typeof(ulong)) return row => Vector<ulong>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => KeyIndex(v, c, row)), shape));
            throw Unsupported(c, $"a vector of keys stored as {raw.Name}");
        }
        if (raw == typeof(float)) return row => Vector<float>(row, c, vector.Size, a => tensor(a, shape));
        if (raw == typeof(double)) return row => Vector<double>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (float)v), shape));
        if (raw == typeof(bool)) return row => Vector<bool>(row, c, vector.Size, a => tensor(a, shape));
        if (raw == typeof(sbyte)) return row => Vector<sbyte>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(byte)) return row => Vector<byte>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(short)) return row => Vector<short>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(ushort)) return row => Vector<ushort>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(int)) return row => Vector<int>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(uint)) return row => Vector<uint>(row, c, vector.Size, a => tensor(Array.ConvertAll(a, v => (long)v), shape));
        if (raw == typeof(long)) return row => Vector<long>(row, c, vector.Size, a => tensor(a, shape));
        throw Unsupported(c, $"a vector of {item} (.NET {raw.Name}), which has no tensor form");
    }

    static Func<Tensor> Scalar<T>(DataViewRow row, DataViewSchema.Column c, Func<T, Tensor> toTensor)
    {
        var getter = row.GetGetter<T>(c);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return toTensor(value);
        };
    }

    static Func<Tensor> Vector<T>(DataViewRow row, DataViewSchema.Column c, int size, Func<T[], Tensor> toTensor)
    {
        var getter = row.GetGetter<VBuffer<T>>(c);
        var buffer = default(VBuffer<T>);
        return () =>
        {
            getter(ref buffer);
            if (buffer.Length != size)
                throw new InvalidOperationException($"Dataset.FromDataView: column '{c.Name}' declares {size} values but row {row.Position} holds {buffer.Length}.");
            // A fresh array per row (the tensor may keep it); CopyTo writes zeros where a sparse vector has no value.
            var dense = new T[size];
            buffer.CopyTo(dense);
            return toTensor(dense);
        };
    }

    // ML.NET keys count from 1 and keep 0 for "missing" (a value the key mapping did not know).
    static long KeyIndex(ulong key, DataViewSchema.Column c, DataViewRow row) => key != 0
        ? checked((long)key - 1)
        : throw new InvalidOperationException(
            $"Dataset.FromDataView: column '{c.Name}' holds a missing key (0) at row {row.Position}: the value was not in the key " +
            "mapping (e.g. unseen when MapValueToKey was fit). Filter those rows or map them to a known value first.");

    static ArgumentException Unsupported(DataViewSchema.Column c, string what) => new(
        $"Dataset.FromDataView: column '{c.Name}' is {what}. Supported: Single, Double, integer, Boolean and key columns, " +
        "and vectors of those with a known size.");
}
