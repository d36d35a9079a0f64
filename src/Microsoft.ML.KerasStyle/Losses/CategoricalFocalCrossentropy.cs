using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>CategoricalFocalCrossentropy</c> loss for one-hot targets: each class's crossentropy term times
/// <c>alpha · (1 − p)^gamma</c>, so confident predictions count less. Probabilities are divided by their sum over
/// <c>axis</c> and clipped to [1e-7, 1 − 1e-7]; logits go through a softmax first.
/// </summary>
/// <param name="alpha">A weight on every class's term. Defaults to 0.25.</param>
/// <param name="gamma">The focusing exponent, ≥ 0. Defaults to 2.</param>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + s / classes</c>. Defaults to 0.</param>
/// <param name="axis">The class axis. Defaults to -1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>categorical_focal_crossentropy</c>.</param>
public class CategoricalFocalCrossentropy(double alpha = 0.25, double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0,
    int axis = -1, string reduction = "sum_over_batch_size", string? name = "categorical_focal_crossentropy")
    : Loss(name ?? "categorical_focal_crossentropy", reduction)
{
    /// <summary>The weight on every class's term.</summary>
    public double Alpha { get; } = FocalArguments.Alpha(alpha, "CategoricalFocalCrossentropy");

    /// <summary>The focusing exponent.</summary>
    public double Gamma { get; } = FocalArguments.Gamma(gamma, "CategoricalFocalCrossentropy");

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "CategoricalFocalCrossentropy");

    /// <summary>The class axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) =>
        LossFunctions.CategoricalFocalCrossentropy(yTrue, yPred, Alpha, Gamma, FromLogits, LabelSmoothing, Axis);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        config["alpha"] = Alpha;
        config["gamma"] = Gamma;
        return config;
    }
}
