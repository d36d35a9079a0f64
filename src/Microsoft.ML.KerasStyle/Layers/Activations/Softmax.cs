using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>Keras's Softmax layer: <c>exp(x) / sum(exp(x))</c> along one axis; the output shape equals the input shape.</summary>
/// <param name="axis">The axis normalized, counted with the batch axis (negative from the end). Defaults to -1, the last.</param>
/// <param name="name">Layer name. Defaults to <c>softmax</c>, <c>softmax_1</c>, ….</param>
/// <param name="trainable">Whether the layer is trainable (it has no weights). Defaults to true.</param>
/// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class Softmax(int axis = -1, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The axis normalized.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        NormalizedAxis(inputShape.Length);
        base.Build(inputShape);
    }

    /// <summary>The axis as a non-negative index for an input of <paramref name="rank"/>; one outside it is an error naming the layer.</summary>
    public int NormalizedAxis(int rank)
    {
        var index = Axis < 0 ? Axis + rank : Axis;
        if (index < 1 || index >= rank)
            throw new ArgumentException(
                $"Layer \"{Name}\" (Softmax): axis {Axis} does not fit an input of rank {rank} (the batch axis 0 cannot be normalized; valid: 1 to {rank - 1}, or -1 to {1 - rank}).");
        return index;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => softmax(inputs, NormalizedAxis((int)inputs.dim()));

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["axis"] = Axis };
}
