namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>PrecisionAtRecall</c>: the best precision over the thresholds whose recall is at least <c>recall</c>.
/// </summary>
public class PrecisionAtRecall : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="recall">The recall the thresholds must reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds, spread evenly over [0, 1] (one means 0.5). Defaults to 200.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>precision_at_recall</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public PrecisionAtRecall(double recall, int numThresholds = 200, int? classId = null, string? name = null, string dtype = "float32")
        : base("PrecisionAtRecall", "recall", recall, numThresholds, classId, name ?? "precision_at_recall", dtype)
    {
    }

    /// <summary>The recall the thresholds must reach.</summary>
    public double Recall => Value;

    /// <summary>The best precision among the thresholds whose recall is at least <see cref="Recall"/> (0 when none is).</summary>
    public override MetricValue Result()
    {
        var (sensitivity, _, precision) = Ratios();
        return MaxUnderConstraint(sensitivity, precision);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["recall"] = Recall;
        return config;
    }
}
