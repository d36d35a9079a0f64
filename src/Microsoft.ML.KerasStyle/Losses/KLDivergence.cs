using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>KLDivergence</c> loss: <c>sum(yTrue · log(yTrue / yPred))</c> over the last axis, both clipped to
/// [1e-7, 1] first.
/// </summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>kl_divergence</c>.</param>
public class KLDivergence(string reduction = "sum_over_batch_size", string? name = "kl_divergence")
    : Loss(name ?? "kl_divergence", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.KLDivergence(yTrue, yPred);
}
