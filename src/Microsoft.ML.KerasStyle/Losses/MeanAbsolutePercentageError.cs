using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>MeanAbsolutePercentageError</c> loss: <c>100 · mean(|yTrue − yPred| / max(|yTrue|, 1e-7))</c> over the last axis.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>mean_absolute_percentage_error</c>.</param>
public class MeanAbsolutePercentageError(string reduction = "sum_over_batch_size", string? name = "mean_absolute_percentage_error")
    : Loss(name ?? "mean_absolute_percentage_error", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.MeanAbsolutePercentageError(yTrue, yPred);
}
