using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>
/// Data given as .NET values → tensors: TorchSharp tensors, arrays of any rank (<c>float[,]</c>, <c>byte[,,]</c>…),
/// jagged arrays, scalars. Symbolic tensors are a clear error: data is needed there.
/// </summary>
public static class TensorConversions
{
    /// <summary>Converts <paramref name="value"/> to a tensor, naming <paramref name="argument"/> in errors.</summary>
    public static Tensor ToTensor(object? value, string argument) => value switch
    {
        null => throw new ArgumentNullException(argument, $"'{argument}' is null; data is needed here."),
        Tensor t => t,
        KerasTensor k => throw new ArgumentException(
            $"'{argument}' received the symbolic tensor '{k.Name}' (shape {Shapes.Format(k.Shape)}), which holds no data. " +
            "Pass a Tensor or a .NET array here; symbolic tensors are for building models (layer.Apply, new Model(inputs, outputs)).", argument),
        float f => tensor(f),
        double d => tensor((float)d),
        int i => tensor((long)i),
        long l => tensor(l),
        bool b => tensor(b),
        Array a => FromArray(a, argument),
        _ => throw new ArgumentException($"'{argument}' must be a Tensor or a .NET array, received {value.GetType().Name}.", argument),
    };

    static Tensor FromArray(Array array, string argument)
    {
        var elementType = array.GetType().GetElementType()!;
        if (elementType.IsArray) return FromJagged(array, argument);
        var shape = Enumerable.Range(0, array.Rank).Select(d => (long)array.GetLength(d)).ToArray();
        return elementType switch
        {
            _ when elementType == typeof(float) => tensor(Flat<float>(array), shape),
            _ when elementType == typeof(double) => tensor(Flat<double>(array), shape).to(ScalarType.Float32),
            _ when elementType == typeof(int) => tensor(Flat<int>(array), shape).to(ScalarType.Int64),
            _ when elementType == typeof(long) => tensor(Flat<long>(array), shape),
            _ when elementType == typeof(byte) => tensor(Flat<byte>(array), shape),
            _ when elementType == typeof(bool) => tensor(Flat<bool>(array), shape),
            _ => throw new ArgumentException($"'{argument}': arrays of {elementType.Name} are not supported; use float, double, int, long, byte or bool.", argument),
        };
    }

    static T[] Flat<T>(Array array) where T : unmanaged
    {
        var result = new T[array.Length];
        if (array.Rank == 1) Array.Copy(array, result, array.Length);
        else Buffer.BlockCopy(array, 0, result, 0, Buffer.ByteLength(array));
        return result;
    }

    static Tensor FromJagged(Array rows, string argument)
    {
        if (rows.Length == 0) throw new ArgumentException($"'{argument}' is an empty jagged array.", argument);
        var parts = new List<Tensor>();
        foreach (var row in rows) parts.Add(ToTensor(row, argument));
        var first = parts[0].shape;
        if (parts.Any(p => !p.shape.SequenceEqual(first)))
            throw new ArgumentException($"'{argument}' is a ragged jagged array: every row must have the same shape.", argument);
        return stack(parts);
    }
}
