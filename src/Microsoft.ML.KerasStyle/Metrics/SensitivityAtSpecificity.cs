namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>SensitivityAtSpecificity</c>: the best sensitivity (recall) over the thresholds whose specificity (true negative rate) is at least <c>specificity</c>.
/// </summary>
public class SensitivityAtSpecificity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="specificity">The specificity the thresholds must reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds, spread evenly over [0, 1] (one means 0.5). Defaults to 200.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>sensitivity_at_specificity</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public SensitivityAtSpecificity(double specificity, int numThresholds = 200, int? classId = null, string? name = null, string dtype = "float32")
        : base("SensitivityAtSpecificity", "specificity", specificity, numThresholds, classId, name ?? "sensitivity_at_specificity", dtype)
    {
    }

    /// <summary>The specificity the thresholds must reach.</summary>
    public double Specificity => Value;

    /// <summary>The best sensitivity (recall) among the thresholds whose specificity is at least <see cref="Specificity"/> (0 when none is).</summary>
    public override MetricValue Result()
    {
        var (sensitivity, specificity, _) = Ratios();
        return MaxUnderConstraint(specificity, sensitivity);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["specificity"] = Specificity;
        return config;
    }
}
