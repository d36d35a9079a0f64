using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>MeanSquaredLogarithmicError</c> metric: the mean over samples of <see cref="LossFunctions.MeanSquaredLogarithmicError"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>mean_squared_logarithmic_error</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class MeanSquaredLogarithmicError(string? name = "mean_squared_logarithmic_error", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.MeanSquaredLogarithmicError, name ?? "mean_squared_logarithmic_error", dtype);
