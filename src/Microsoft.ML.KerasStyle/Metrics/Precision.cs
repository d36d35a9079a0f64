namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Precision</c>: <c>true_positives / (true_positives + false_positives)</c>, a prediction being positive
/// when it is above the threshold. One value per threshold (a scalar for one threshold); 0 where nothing was predicted
/// positive.
/// </summary>
public class Precision : ConfusionRatioMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5, or to "in the top k" when <paramref name="topK"/> is set.</param>
    /// <param name="topK">Counts only the k highest predictions of each sample as positive candidates. Defaults to none.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>precision</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public Precision(double[]? thresholds = null, int? topK = null, int? classId = null, string? name = null, string dtype = "float32")
        : base("Precision", "false_positives", thresholds, topK, classId, name ?? "precision", dtype)
    {
    }

    /// <summary>Weighted count of false positives per threshold.</summary>
    public Variable FalsePositives => FalseCount;
}
