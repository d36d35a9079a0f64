using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Recall</c>: <c>true_positives / (true_positives + false_negatives)</c>, a prediction being positive
/// when it is above the threshold. One value per threshold (a scalar for one threshold).
/// </summary>
public class Recall : Metric
{
    readonly double[] thresholds;
    readonly bool evenlyDistributed;

    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5, or to "in the top k" when <paramref name="topK"/> is set.</param>
    /// <param name="topK">Counts only the k highest predictions of each sample as positive candidates. Defaults to none.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>recall</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public Recall(double[]? thresholds = null, int? topK = null, int? classId = null, string? name = null, string dtype = "float32")
        : base(name ?? "recall", dtype)
    {
        InitThresholds = thresholds is null ? null : (double[])thresholds.Clone();
        this.thresholds = ConfusionMatrixUpdate.ParseThresholds(thresholds, topK is null ? 0.5 : ConfusionMatrixUpdate.NegativeInfinity, Name);
        evenlyDistributed = ConfusionMatrixUpdate.IsEvenlyDistributed(this.thresholds);
        TopK = topK is null or >= 1 ? topK : throw new ArgumentException($"Recall '{Name}': top_k must be ≥ 1. Received: top_k={topK}.", nameof(topK));
        ClassId = classId is null or >= 0 ? classId : throw new ArgumentException($"Recall '{Name}': class_id must be ≥ 0. Received: class_id={classId}.", nameof(classId));
        TruePositives = AddWeight("true_positives", [this.thresholds.Length]);
        FalseNegatives = AddWeight("false_negatives", [this.thresholds.Length]);
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

    /// <summary>Weighted count of false negatives per threshold.</summary>
    public Variable FalseNegatives { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions in [0, 1] (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Predictions in [0, 1].</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        ConfusionMatrixUpdate.Update(new(TruePositives, null, null, FalseNegatives), yTrue, yPred, thresholds, evenlyDistributed,
            sampleWeight, TopK, ClassId, Name);

    /// <summary>The recall (0 where no target was positive).</summary>
    public override MetricValue Result()
    {
        var tp = TruePositives.Value.detach();
        var actual = tp + FalseNegatives.Value.detach();
        var recall = where(actual == 0, zeros_like(tp), tp / actual);
        return thresholds.Length == 1 ? recall[0] : recall;
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
