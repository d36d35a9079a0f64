using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>LogCosh</c> loss: <c>mean(log(cosh(yPred − yTrue)))</c> over the last axis — about half the squared error for small errors, the absolute error minus log 2 for large ones.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>log_cosh</c>.</param>
public class LogCosh(string reduction = "sum_over_batch_size", string? name = "log_cosh")
    : Loss(name ?? "log_cosh", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.LogCosh(yTrue, yPred);
}
