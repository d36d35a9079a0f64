namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Recall</c>: <c>true_positives / (true_positives + false_negatives)</c>, a prediction being positive
/// when it is above the threshold. One value per threshold (a scalar for one threshold); 0 where no target was
/// positive.
/// </summary>
public class Recall : ConfusionRatioMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5, or to "in the top k" when <paramref name="topK"/> is set.</param>
    /// <param name="topK">Counts only the k highest predictions of each sample as positive candidates. Defaults to none.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>recall</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public Recall(double[]? thresholds = null, int? topK = null, int? classId = null, string? name = null, string dtype = "float32")
        : base("Recall", "false_negatives", thresholds, topK, classId, name ?? "recall", dtype)
    {
    }

    /// <summary>Weighted count of false negatives per threshold.</summary>
    public Variable FalseNegatives => FalseCount;
}
