namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>SpecificityAtSensitivity</c>: the best specificity (true negative rate) over the thresholds whose sensitivity (recall) is at least <c>sensitivity</c>.
/// </summary>
public class SpecificityAtSensitivity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="sensitivity">The sensitivity the thresholds must reach, in [0, 1].</param>
    /// <param name="numThresholds">How many thresholds, spread evenly over [0, 1] (one means 0.5). Defaults to 200.</param>
    /// <param name="classId">Computes the metric for this class (last axis) only. Defaults to none (all entries).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>specificity_at_sensitivity</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public SpecificityAtSensitivity(double sensitivity, int numThresholds = 200, int? classId = null, string? name = null, string dtype = "float32")
        : base("SpecificityAtSensitivity", "sensitivity", sensitivity, numThresholds, classId, name ?? "specificity_at_sensitivity", dtype)
    {
    }

    /// <summary>The sensitivity the thresholds must reach.</summary>
    public double Sensitivity => Value;

    /// <summary>The best specificity among the thresholds whose sensitivity (recall) is at least <see cref="Sensitivity"/> (0 when none is).</summary>
    public override MetricValue Result()
    {
        var (sensitivity, specificity, _) = Ratios();
        return MaxUnderConstraint(sensitivity, specificity);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["sensitivity"] = Sensitivity;
        return config;
    }
}
