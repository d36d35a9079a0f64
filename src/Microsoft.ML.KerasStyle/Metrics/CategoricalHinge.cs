using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>CategoricalHinge</c> metric: the mean over samples of <see cref="LossFunctions.CategoricalHinge"/> (one-hot targets).</summary>
/// <param name="name">The name shown in logs. Defaults to <c>categorical_hinge</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class CategoricalHinge(string? name = "categorical_hinge", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.CategoricalHinge, name ?? "categorical_hinge", dtype);
