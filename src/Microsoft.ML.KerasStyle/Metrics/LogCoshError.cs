using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>LogCoshError</c> metric: the mean over samples of <see cref="LossFunctions.LogCosh"/>. (Keras names it <c>logcosh</c> by default.)</summary>
/// <param name="name">The name shown in logs. Defaults to <c>logcosh</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class LogCoshError(string? name = "logcosh", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.LogCosh, name ?? "logcosh", dtype);
