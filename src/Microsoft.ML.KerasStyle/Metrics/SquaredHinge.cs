using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>SquaredHinge</c> metric: the mean over samples of <see cref="LossFunctions.SquaredHinge"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>squared_hinge</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class SquaredHinge(string? name = "squared_hinge", string dtype = "float32")
    : MeanMetricWrapper(LossFunctions.SquaredHinge, name ?? "squared_hinge", dtype);
