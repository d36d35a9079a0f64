using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>CategoricalCrossentropy</c> loss for one-hot targets. Probabilities are divided by their sum over
/// <c>axis</c> and clipped to [1e-7, 1 − 1e-7]; logits go through <c>log_softmax</c>.
/// </summary>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + s / classes</c>. Defaults to 0.</param>
/// <param name="axis">The class axis. Defaults to -1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>categorical_crossentropy</c>.</param>
public class CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1,
    string reduction = "sum_over_batch_size", string? name = "categorical_crossentropy")
    : Loss(name ?? "categorical_crossentropy", reduction)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "CategoricalCrossentropy");

    /// <summary>The class axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) =>
        LossFunctions.CategoricalCrossentropy(yTrue, yPred, FromLogits, LabelSmoothing, Axis);

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
