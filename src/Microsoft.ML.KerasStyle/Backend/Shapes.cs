namespace Microsoft.ML.KerasStyle.Backend;

/// <summary>Shape helpers. A Keras shape is <c>int?[]</c>; <c>null</c> is an unknown dimension (<c>None</c>).</summary>
internal static class Shapes
{
    /// <summary>Keras's text for a shape: <c>(None, 64)</c>, <c>(3,)</c>, <c>()</c>.</summary>
    public static string Format(IReadOnlyList<int?> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({Dim(shape[0])},)",
        _ => "(" + string.Join(", ", shape.Select(Dim)) + ")",
    };

    static string Dim(int? d) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None";

    /// <summary>The shape of a real tensor as a Keras shape.</summary>
    public static int?[] Of(TorchSharp.torch.Tensor tensor)
    {
        // dim() and size(i) cost a fifth of TorchSharp's shape property (which marshals an array); every layer call reads one.
        var shape = new int?[tensor.dim()];
        for (var i = 0; i < shape.Length; i++) shape[i] = checked((int)tensor.size(i));
        return shape;
    }

    /// <summary>Product of known dimensions; null when any is unknown.</summary>
    public static long? Product(IEnumerable<int?> dims)
    {
        long p = 1;
        foreach (var d in dims)
        {
            if (d is null) return null;
            p *= d.Value;
        }
        return p;
    }

    /// <summary>Requires every dimension to be known (for weights), naming the owner in the error.</summary>
    public static long[] Concrete(IReadOnlyList<int?> shape, string owner)
    {
        var result = new long[shape.Count];
        for (var i = 0; i < shape.Count; i++)
            result[i] = shape[i] ?? throw new ArgumentException($"{owner}: dimension {i} of shape {Format(shape)} must be known.");
        return result;
    }

    /// <summary>Normalises a possibly negative axis for a tensor of the given rank.</summary>
    public static int Axis(int axis, int rank, string owner)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ArgumentException($"{owner}: axis {axis} is out of range for inputs of rank {rank}.");
        return a;
    }
}
