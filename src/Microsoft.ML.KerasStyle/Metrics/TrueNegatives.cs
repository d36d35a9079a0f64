namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>TrueNegatives</c>: the (weighted) number of samples whose target is negative and whose prediction is not above the threshold, per threshold (a scalar for one threshold).
/// </summary>
/// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5.</param>
/// <param name="name">The name shown in logs. Defaults to <c>true_negatives</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class TrueNegatives(double[]? thresholds = null, string? name = null, string dtype = "float32")
    : ConfusionConditionCount("true_negatives", thresholds, name ?? "true_negatives", dtype);
