using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>MeanAbsoluteError</c> metric: the mean over samples of <c>mean(abs(yTrue − yPred))</c>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>mean_absolute_error</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class MeanAbsoluteError(string? name = "mean_absolute_error", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.MeanAbsoluteError, name ?? "mean_absolute_error", dtype);
