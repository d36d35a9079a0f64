using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>MeanSquaredError</c> loss: <c>mean(square(yTrue - yPred))</c> over the last axis, then reduced.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>mean_squared_error</c>.</param>
public class MeanSquaredError(string reduction = "sum_over_batch_size", string? name = "mean_squared_error")
    : Loss(name ?? "mean_squared_error", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.MeanSquaredError(yTrue, yPred);
}
