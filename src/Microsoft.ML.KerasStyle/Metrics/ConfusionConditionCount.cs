using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// The base of <see cref="TruePositives"/>, <see cref="FalsePositives"/>, <see cref="TrueNegatives"/> and
/// <see cref="FalseNegatives"/> (Keras's <c>_ConfusionMatrixConditionCount</c>): the weighted count of one cell of the
/// confusion matrix at each threshold, in an <c>accumulator</c> variable, a prediction being positive when it is above
/// the threshold.
/// </summary>
public abstract class ConfusionConditionCount : Metric
{
    readonly double[] thresholds;
    readonly bool evenlyDistributed;
    readonly ConfusionMatrixUpdate.Counts counts;

    /// <summary>Creates the metric's <c>accumulator</c>, one entry per threshold.</summary>
    /// <param name="condition">The cell counted: <c>true_positives</c>, <c>false_positives</c>, <c>true_negatives</c> or <c>false_negatives</c>.</param>
    /// <param name="thresholds">Thresholds in [0, 1]; null means 0.5.</param>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="dtype">The dtype of the state.</param>
    protected ConfusionConditionCount(string condition, double[]? thresholds, string name, string dtype) : base(name, dtype)
    {
        InitThresholds = thresholds is null ? null : (double[])thresholds.Clone();
        this.thresholds = ConfusionMatrixUpdate.ParseThresholds(thresholds, 0.5, Name);
        evenlyDistributed = ConfusionMatrixUpdate.IsEvenlyDistributed(this.thresholds);
        Accumulator = AddWeight("accumulator", [this.thresholds.Length]);
        counts = condition switch
        {
            "true_positives" => new(Accumulator, null, null, null),
            "false_positives" => new(null, Accumulator, null, null),
            "true_negatives" => new(null, null, Accumulator, null),
            "false_negatives" => new(null, null, null, Accumulator),
            _ => throw new ArgumentException(
                $"Metric '{Name}': condition must be 'true_positives', 'false_positives', 'true_negatives' or 'false_negatives'. Received: '{condition}'.", nameof(condition)),
        };
    }

    /// <summary>The thresholds as given (null when defaulted).</summary>
    public IReadOnlyList<double>? InitThresholds { get; }

    /// <summary>The thresholds in use.</summary>
    public IReadOnlyList<double> Thresholds => thresholds;

    /// <summary>The weighted count per threshold.</summary>
    public Variable Accumulator { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions in [0, 1] (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Predictions in [0, 1].</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        ConfusionMatrixUpdate.Update(counts, yTrue, yPred, thresholds, evenlyDistributed,
            sampleWeight, null, null, Name);

    /// <summary>The count per threshold; a scalar for one threshold.</summary>
    public override MetricValue Result()
    {
        var counts = Accumulator.Value.detach();
        return thresholds.Length == 1 ? counts[0].clone() : counts.clone();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["thresholds"] = InitThresholds?.ToArray();
        return config;
    }
}
