using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>MeanMetricWrapper</c>: the (weighted) mean over all samples seen of a per-sample function
/// <c>fn(yTrue, yPred)</c>, e.g. a loss function from <see cref="Losses.LossFunctions"/>.
/// </summary>
public class MeanMetricWrapper : Reduce
{
    readonly Func<Tensor, Tensor, Tensor> fn;

    /// <summary>Wraps <paramref name="fn"/>.</summary>
    /// <param name="fn">Per-sample values from targets and predictions.</param>
    /// <param name="name">The name shown in logs. Defaults to the snake_case class name.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> fn, string? name = null, string dtype = "float32")
        : base(weightedMean: true, name, dtype) =>
        this.fn = fn ?? throw new ArgumentNullException(nameof(fn), $"MeanMetricWrapper '{Name}': fn is null; pass a function (yTrue, yPred) → per-sample values.");

    /// <summary>Adds the batch's per-sample values, weighted by <paramref name="sampleWeight"/>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Accumulate(fn(yTrue, yPred), sampleWeight);
    }
}
