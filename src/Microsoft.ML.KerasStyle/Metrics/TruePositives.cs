namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>TruePositives</c>: the (weighted) number of samples whose target is positive and whose prediction is above the threshold, per threshold (a scalar for one threshold).
/// </summary>
/// <param name="thresholds">Thresholds in [0, 1]. Defaults to 0.5.</param>
/// <param name="name">The name shown in logs. Defaults to <c>true_positives</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class TruePositives(double[]? thresholds = null, string? name = null, string dtype = "float32")
    : ConfusionConditionCount("true_positives", thresholds, name ?? "true_positives", dtype);
