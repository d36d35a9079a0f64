using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>Tversky</c> loss for segmentation: <c>1 − TP / (TP + alpha·FP + beta·FN + 1e-7)</c> with soft counts
/// summed over <c>axis</c> (by default everything); a larger <c>beta</c> penalises missed foreground more. With
/// <c>alpha = beta = 0.5</c> it is the Dice loss.
/// </summary>
/// <param name="alpha">The weight of false positives. Defaults to 0.5.</param>
/// <param name="beta">The weight of false negatives. Defaults to 0.5.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>tversky</c>.</param>
/// <param name="axis">The axes summed over. Defaults to null (every axis).</param>
public class Tversky(double alpha = 0.5, double beta = 0.5, string reduction = "sum_over_batch_size", string? name = "tversky", int[]? axis = null)
    : Loss(name ?? "tversky", reduction)
{
    /// <summary>The weight of false positives.</summary>
    public double Alpha { get; } = double.IsFinite(alpha)
        ? alpha
        : throw new ArgumentException($"Tversky: alpha must be a finite number. Received: alpha={alpha}.", nameof(alpha));

    /// <summary>The weight of false negatives.</summary>
    public double Beta { get; } = double.IsFinite(beta)
        ? beta
        : throw new ArgumentException($"Tversky: beta must be a finite number. Received: beta={beta}.", nameof(beta));

    /// <summary>The axes summed over, or null for every axis.</summary>
    public IReadOnlyList<int>? Axis { get; } = axis?.ToArray();

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.Tversky(yTrue, yPred, Alpha, Beta, Axis?.ToArray());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["alpha"] = Alpha;
        config["beta"] = Beta;
        config["axis"] = Axis?.ToArray();
        return config;
    }
}
