using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>BinaryCrossentropy</c> metric: the mean over samples of <see cref="LossFunctions.BinaryCrossentropy"/>.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>binary_crossentropy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + 0.5·s</c>. Defaults to 0.</param>
public class BinaryCrossentropy(string? name = "binary_crossentropy", string dtype = "float32", bool fromLogits = false, double labelSmoothing = 0)
    : MeanMetricWrapper((t, p) => LossFunctions.BinaryCrossentropy(t, p, fromLogits, labelSmoothing), name ?? "binary_crossentropy", dtype)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "BinaryCrossentropy metric");

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        return config;
    }
}
