namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>RecallAtPrecision</c>: the best recall over the thresholds whose precision is at least <c>precision</c>.
/// </summary>
public class RecallAtPrecision : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="precision">The precision the thresholds must reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds, spread evenly over [0, 1] (one means 0.5). Defaults to 200.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>recall_at_precision</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public RecallAtPrecision(double precision, int numThresholds = 200, int? classId = null, string? name = null, string dtype = "float32")
        : base("RecallAtPrecision", "precision", precision, numThresholds, classId, name ?? "recall_at_precision", dtype)
    {
    }

    /// <summary>The precision the thresholds must reach.</summary>
    public double Precision => Value;

    /// <summary>The best recall among the thresholds whose precision is at least <see cref="Precision"/> (0 when none is).</summary>
    public override MetricValue Result()
    {
        var (sensitivity, _, precision) = Ratios();
        return MaxUnderConstraint(precision, sensitivity);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["precision"] = Precision;
        return config;
    }
}
