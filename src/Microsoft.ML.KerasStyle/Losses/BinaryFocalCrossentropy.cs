using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>BinaryFocalCrossentropy</c> loss: binary crossentropy times <c>(1 − p_t)^gamma</c>, which shrinks the
/// loss of examples already classified well (<c>p_t</c> is the probability given to the true label); with
/// <c>applyClassBalancing</c> positives are also weighted by <c>alpha</c> and negatives by <c>1 − alpha</c>.
/// </summary>
/// <param name="applyClassBalancing">Whether to weight the classes by <paramref name="alpha"/>. Defaults to false.</param>
/// <param name="alpha">The weight of the positive class when balancing (usually in [0, 1]). Defaults to 0.25.</param>
/// <param name="gamma">The focusing exponent, ≥ 0 (0 gives binary crossentropy). Defaults to 2.</param>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="labelSmoothing">In [0, 1]; targets become <c>t·(1 − s) + 0.5·s</c>. Defaults to 0.</param>
/// <param name="axis">The axis averaged over. Defaults to -1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>binary_focal_crossentropy</c>.</param>
public class BinaryFocalCrossentropy(bool applyClassBalancing = false, double alpha = 0.25, double gamma = 2.0, bool fromLogits = false,
    double labelSmoothing = 0, int axis = -1, string reduction = "sum_over_batch_size", string? name = "binary_focal_crossentropy")
    : Loss(name ?? "binary_focal_crossentropy", reduction)
{
    /// <summary>Whether the classes are weighted by <see cref="Alpha"/>.</summary>
    public bool ApplyClassBalancing { get; } = applyClassBalancing;

    /// <summary>The weight of the positive class when balancing.</summary>
    public double Alpha { get; } = FocalArguments.Alpha(alpha, "BinaryFocalCrossentropy");

    /// <summary>The focusing exponent.</summary>
    public double Gamma { get; } = FocalArguments.Gamma(gamma, "BinaryFocalCrossentropy");

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label smoothing factor.</summary>
    public double LabelSmoothing { get; } = LossFunctions.CheckSmoothing(labelSmoothing, "BinaryFocalCrossentropy");

    /// <summary>The axis averaged over.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) =>
        LossFunctions.BinaryFocalCrossentropy(yTrue, yPred, ApplyClassBalancing, Alpha, Gamma, FromLogits, LabelSmoothing, Axis);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        config["apply_class_balancing"] = ApplyClassBalancing;
        config["alpha"] = Alpha;
        config["gamma"] = Gamma;
        return config;
    }
}
