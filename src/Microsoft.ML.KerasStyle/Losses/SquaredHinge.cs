using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>SquaredHinge</c> loss: <c>mean(max(1 − yTrue·yPred, 0)²)</c> over the last axis, for −1/1 targets (a batch of 0/1 targets is mapped to −1/1).</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>squared_hinge</c>.</param>
public class SquaredHinge(string reduction = "sum_over_batch_size", string? name = "squared_hinge")
    : Loss(name ?? "squared_hinge", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.SquaredHinge(yTrue, yPred);
}
