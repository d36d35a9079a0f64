using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>MeanAbsolutePercentageError</c> metric: the mean over samples of <see cref="LossFunctions.MeanAbsolutePercentageError"/> (in percent).</summary>
/// <param name="name">The name shown in logs. Defaults to <c>mean_absolute_percentage_error</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class MeanAbsolutePercentageError(string? name = "mean_absolute_percentage_error", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.MeanAbsolutePercentageError, name ?? "mean_absolute_percentage_error", dtype);
