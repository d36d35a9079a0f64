using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>MeanSquaredError</c> metric: the mean over samples of <c>mean(square(yTrue − yPred))</c>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>mean_squared_error</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class MeanSquaredError(string? name = "mean_squared_error", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.MeanSquaredError, name ?? "mean_squared_error", dtype);
