using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>Poisson</c> loss: <c>mean(yPred − yTrue · log(yPred + 1e-7))</c> over the last axis.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>poisson</c>.</param>
public class Poisson(string reduction = "sum_over_batch_size", string? name = "poisson")
    : Loss(name ?? "poisson", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.Poisson(yTrue, yPred);
}
