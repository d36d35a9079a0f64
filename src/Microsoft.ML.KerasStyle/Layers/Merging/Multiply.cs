using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Multiply: the elementwise product of its inputs (at least 2). Input shapes must be equal or broadcastable
/// (see <see cref="ElementwiseMerge"/>); the output has the broadcast shape.
/// </summary>
/// <param name="name">Layer name. Defaults to <c>multiply</c>, <c>multiply_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
public class Multiply(string? name = null, string dtype = "float32") : ElementwiseMerge(name, dtype)
{
    /// <inheritdoc/>
    protected override Tensor Merge(IReadOnlyList<Tensor> inputs)
    {
        var output = inputs[0];
        for (var i = 1; i < inputs.Count; i++) output = output * inputs[i];
        return output;
    }
}
