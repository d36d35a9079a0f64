namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>SparseCategoricalAccuracy</c>: how often the arg-max of the predictions is the integer label.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>sparse_categorical_accuracy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class SparseCategoricalAccuracy(string? name = "sparse_categorical_accuracy", string dtype = "float32")
    : MeanMetricWrapper(MetricFunctions.SparseCategoricalAccuracy, name ?? "sparse_categorical_accuracy", dtype);
