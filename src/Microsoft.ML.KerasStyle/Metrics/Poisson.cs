using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>Poisson</c> metric: the mean over samples of <see cref="LossFunctions.Poisson"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>poisson</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class Poisson(string? name = "poisson", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.Poisson, name ?? "poisson", dtype);
