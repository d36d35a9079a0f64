using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Precision</c>: <c>true_positives / (true_positives + false_positives)</c>, a prediction being positive
/// when it is above the threshold. One value per threshold (a scalar for one threshold).
/// </summary>
public class Precision : Metric
{
    readonly double[] thresholds;
    readonly bool evenlyDistributed;

    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5, or to "in the top k" when <paramref name="topK"/> is set.</param>
    /// <param name="topK">Counts only the k highest predictions of each sample as positive candidates. Defaults to none.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>precision</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public Precision(double[]? thresholds = null, int? topK = null, int? classId = null, string? name = null, string dtype = "float32")
        : base(name ?? "precision", dtype)
    {
        InitThresholds = thresholds is null ? null : (double[])thresholds.Clone();
        this.thresholds = ConfusionMatrixUpdate.ParseThresholds(thresholds, topK is null ? 0.5 : ConfusionMatrixUpdate.NegativeInfinity, Name);
        evenlyDistributed = ConfusionMatrixUpdate.IsEvenlyDistributed(this.thresholds);
        TopK = topK is null or >= 1 ? topK : throw new ArgumentException($"Precision '{Name}': top_k must be ≥ 1. Received: top_k={topK}.", nameof(topK));
        ClassId = classId is null or >= 0 ? classId : throw new ArgumentException($"Precision '{Name}': class_id must be ≥ 0. Received: class_id={classId}.", nameof(classId));
        TruePositives = AddWeight("true_positives", [this.thresholds.Length]);
        FalsePositives = AddWeight("false_positives", [this.thresholds.Length]);
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

    /// <summary>Weighted count of false positives per threshold.</summary>
    public Variable FalsePositives { get; }

    /// <summary>Adds a batch of 0/1 targets and predictions in [0, 1] (targets are read as booleans).</summary>
    /// <param name="yTrue">0/1 targets (any non-zero value is positive).</param>
    /// <param name="yPred">Predictions in [0, 1].</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        ConfusionMatrixUpdate.Update(new(TruePositives, FalsePositives, null, null), yTrue, yPred, thresholds, evenlyDistributed,
            sampleWeight, TopK, ClassId, Name);

    /// <summary>The precision (0 where nothing was predicted positive).</summary>
    public override MetricValue Result()
    {
        var tp = TruePositives.Value.detach();
        var predicted = tp + FalsePositives.Value.detach();
        var precision = where(predicted == 0, zeros_like(tp), tp / predicted);
        return thresholds.Length == 1 ? precision[0] : precision;
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
