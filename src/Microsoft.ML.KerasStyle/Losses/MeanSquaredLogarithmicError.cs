using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>MeanSquaredLogarithmicError</c> loss: <c>mean((log(max(yPred, 1e-7) + 1) − log(max(yTrue, 1e-7) + 1))²)</c> over the last axis.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>mean_squared_logarithmic_error</c>.</param>
public class MeanSquaredLogarithmicError(string reduction = "sum_over_batch_size", string? name = "mean_squared_logarithmic_error")
    : Loss(name ?? "mean_squared_logarithmic_error", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.MeanSquaredLogarithmicError(yTrue, yPred);
}
