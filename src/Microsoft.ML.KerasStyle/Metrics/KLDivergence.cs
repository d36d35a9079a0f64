using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>KLDivergence</c> metric: the mean over samples of <see cref="LossFunctions.KLDivergence"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>kl_divergence</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class KLDivergence(string? name = "kl_divergence", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.KLDivergence, name ?? "kl_divergence", dtype);
