using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>Hinge</c> metric: the mean over samples of <see cref="LossFunctions.Hinge"/> (−1/1 targets; a batch of 0/1 targets is mapped to −1/1).</summary>
/// <param name="name">The name shown in logs. Defaults to <c>hinge</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class Hinge(string? name = "hinge", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.Hinge, name ?? "hinge", dtype);
