using Microsoft.ML.KerasStyle.Backend;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// What a layer accepts (Keras's InputSpec): rank bounds and fixed sizes of some axes. Checked on every call, so a
/// wrong shape fails with a message naming the layer, the expectation and the received shape.
/// </summary>
public sealed class InputSpec
{
    /// <summary>Exact rank required.</summary>
    public int? Ndim { get; init; }

    /// <summary>Minimum rank.</summary>
    public int? MinNdim { get; init; }

    /// <summary>Maximum rank.</summary>
    public int? MaxNdim { get; init; }

    /// <summary>Required sizes by axis (negative axes count from the end).</summary>
    public IReadOnlyDictionary<int, int> Axes { get; init; } = new Dictionary<int, int>();

    internal void Check(Layer layer, int inputIndex, IReadOnlyList<int?> shape)
    {
        string Prefix() => $"Input {inputIndex} of layer \"{layer.Name}\" is incompatible with the layer: ";
        var rank = shape.Count;
        if (Ndim is { } n && rank != n)
            throw new ArgumentException($"{Prefix()}expected ndim={n}, found ndim={rank}. Full shape received: {Shapes.Format(shape)}");
        if (MinNdim is { } min && rank < min)
            throw new ArgumentException($"{Prefix()}expected min_ndim={min}, found ndim={rank}. Full shape received: {Shapes.Format(shape)}");
        if (MaxNdim is { } max && rank > max)
            throw new ArgumentException($"{Prefix()}expected max_ndim={max}, found ndim={rank}. Full shape received: {Shapes.Format(shape)}");
        foreach (var (axis, size) in Axes)
        {
            var a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) continue;
            if (shape[a] is { } got && got != size)
                throw new ArgumentException($"{Prefix()}expected axis {axis} of input shape to have value {size}, but received input with shape {Shapes.Format(shape)}");
        }
    }
}
