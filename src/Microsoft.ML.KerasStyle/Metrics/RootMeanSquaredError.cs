using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>RootMeanSquaredError</c>: <c>sqrt</c> of the (weighted) mean over samples of the squared error (averaged
/// over each sample's features).
/// </summary>
/// <param name="name">The name shown in logs. Defaults to <c>root_mean_squared_error</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class RootMeanSquaredError(string? name = "root_mean_squared_error", string dtype = "float32")
    : Reduce(weightedMean: true, name ?? "root_mean_squared_error", dtype)
{
    /// <summary>Adds the batch's squared errors, weighted by <paramref name="sampleWeight"/>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var dtype = Total.Value.dtype;
        var (t, p) = LossReduction.SameRank(yTrue.to(dtype), yPred.to(dtype));
        Accumulate((p - t).square(), sampleWeight);
    }

    /// <summary>The square root of the mean squared error.</summary>
    public override MetricValue Result() => base.Result().Tensor.sqrt();
}
