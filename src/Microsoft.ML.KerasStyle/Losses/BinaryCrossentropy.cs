using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>BinaryCrossentropy</c> loss for 0/1 targets, averaged over <c>axis</c>. Probabilities are clipped to
/// [1e-7, 1 − 1e-7] (as Keras's backend does), logits use the numerically stable formula.
/// </summary>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + 0.5·s</c>. Defaults to 0.</param>
/// <param name="axis">The axis averaged over. Defaults to -1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>binary_crossentropy</c>.</param>
public class BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
    string reduction = "sum_over_batch_size", string? name = "binary_crossentropy")
    : Loss(name ?? "binary_crossentropy", reduction)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "BinaryCrossentropy");

    /// <summary>The axis averaged over.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) =>
        LossFunctions.BinaryCrossentropy(yTrue, yPred, FromLogits, LabelSmoothing, Axis);

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
