namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Accuracy</c>: how often predictions equal the targets exactly. (The string <c>"accuracy"</c> given to
/// compile picks binary, sparse or categorical accuracy instead; see <see cref="MetricRegistry.Resolve(string, Losses.Loss?, int[], int[])"/>.)
/// </summary>
/// <param name="name">The name shown in logs. Defaults to <c>accuracy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class Accuracy(string? name = "accuracy", string dtype = "float32")
    : MeanMetricWrapper(MetricFunctions.Accuracy, name ?? "accuracy", dtype);
