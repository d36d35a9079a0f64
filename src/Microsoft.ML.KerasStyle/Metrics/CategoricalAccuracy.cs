namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>CategoricalAccuracy</c>: how often the arg-max of the predictions is the one-hot target's class.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>categorical_accuracy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class CategoricalAccuracy(string? name = "categorical_accuracy", string dtype = "float32")
    : MeanMetricWrapper(MetricFunctions.CategoricalAccuracy, name ?? "categorical_accuracy", dtype);
