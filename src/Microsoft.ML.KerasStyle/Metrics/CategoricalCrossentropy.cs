using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>CategoricalCrossentropy</c> metric: the mean over samples of <see cref="LossFunctions.CategoricalCrossentropy"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>categorical_crossentropy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + s / classes</c>. Defaults to 0.</param>
/// <param name="axis">The class axis. Defaults to -1.</param>
public class CategoricalCrossentropy(string? name = "categorical_crossentropy", string dtype = "float32", bool fromLogits = false,
    double labelSmoothing = 0, int axis = -1)
    : MeanMetricWrapper((t, p) => LossFunctions.CategoricalCrossentropy(t, p, fromLogits, labelSmoothing, axis), name ?? "categorical_crossentropy", dtype)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "CategoricalCrossentropy metric");

    /// <summary>The class axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        return config;
    }
}
