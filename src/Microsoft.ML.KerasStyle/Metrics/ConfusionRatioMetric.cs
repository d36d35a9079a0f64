using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// The shared part of <see cref="Precision"/> and <see cref="Recall"/>: <c>true_positives / (true_positives + x)</c> per
/// threshold, where <c>x</c> is the metric's own count of false positives or false negatives (0 where that sum is 0),
/// a prediction being positive when it is above the threshold. Keeps the thresholds, <c>top_k</c>, <c>class_id</c>,
/// both counts, the update (Keras's <c>update_confusion_matrix_variables</c>) and the config.
/// </summary>
public abstract class ConfusionRatioMetric : Metric
{
    readonly double[] thresholds;
    readonly bool evenlyDistributed;
    readonly bool countsFalsePositives;

    /// <summary>Creates the metric's state: a <c>true_positives</c> variable, then the <paramref name="falseCount"/> one.</summary>
    /// <param name="kind">The class's name in error messages (e.g. <c>Precision</c>).</param>
    /// <param name="falseCount">The count in the denominator besides the true positives: <c>false_positives</c> or <c>false_negatives</c>.</param>
    /// <param name="thresholds">Thresholds in [0, 1]. Null means 0.5, or "in the top k" when <paramref name="topK"/> is set.</param>
    /// <param name="topK">Counts only the k highest predictions of each sample as positive candidates, or null.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only, or null for all entries.</param>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="dtype">The dtype of the state.</param>
    protected ConfusionRatioMetric(string kind, string falseCount, double[]? thresholds, int? topK, int? classId, string name, string dtype)
        : base(name, dtype)
    {
        countsFalsePositives = falseCount switch
        {
            "false_positives" => true,
            "false_negatives" => false,
            _ => throw new ArgumentException($"{kind} '{Name}': falseCount must be 'false_positives' or 'false_negatives'. Received: '{falseCount}'.", nameof(falseCount)),
        };
        InitThresholds = thresholds is null ? null : (double[])thresholds.Clone();
        this.thresholds = ConfusionMatrixUpdate.ParseThresholds(thresholds, topK is null ? 0.5 : ConfusionMatrixUpdate.NegativeInfinity, Name);
        evenlyDistributed = ConfusionMatrixUpdate.IsEvenlyDistributed(this.thresholds);
        TopK = topK is null or >= 1 ? topK : throw new ArgumentException($"{kind} '{Name}': top_k must be ≥ 1. Received: top_k={topK}.", nameof(topK));
        ClassId = classId is null or >= 0 ? classId : throw new ArgumentException($"{kind} '{Name}': class_id must be ≥ 0. Received: class_id={classId}.", nameof(classId));
        TruePositives = AddWeight("true_positives", [this.thresholds.Length]);
        FalseCount = AddWeight(falseCount, [this.thresholds.Length]);
    }

    /// <summary>The thresholds as given (null when defaulted).</summary>
    public IReadOnlyList<double>? InitThresholds { get; }

    /// <summary>The thresholds in use.</summary>
    public IReadOnlyList<double> Thresholds => thresholds;

    /// <summary>The k of top-k, or null.</summary>
    public int? TopK { get; }

    /// <summary>The class looked at, or null.</summary>
    public int? ClassId { get; }

    /// <summary>Weighted count of true positives per threshold.</summary>
    public Variable TruePositives { get; }

    /// <summary>Weighted count per threshold of the false positives or false negatives (the <c>falseCount</c> given to the constructor).</summary>
    protected Variable FalseCount { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions in [0, 1] (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Predictions in [0, 1].</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        ConfusionMatrixUpdate.Update(
            countsFalsePositives ? new(TruePositives, FalseCount, null, null) : new(TruePositives, null, null, FalseCount),
            yTrue, yPred, thresholds, evenlyDistributed, sampleWeight, TopK, ClassId, Name);

    /// <summary><c>true_positives / (true_positives + false count)</c> per threshold (0 where the sum is 0); a scalar for one threshold.</summary>
    public override MetricValue Result()
    {
        var tp = TruePositives.Value.detach();
        var denominator = tp + FalseCount.Value.detach();
        var ratio = where(denominator == 0, zeros_like(tp), tp / denominator);
        return thresholds.Length == 1 ? ratio[0] : ratio;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["thresholds"] = InitThresholds?.ToArray();
        config["top_k"] = TopK;
        config["class_id"] = ClassId;
        return config;
    }
}
