using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>Dice</c> loss for segmentation: <c>1 − 2·Σ(yTrue·yPred) / (Σ yTrue + Σ yPred + 1e-7)</c>, summed over
/// <c>axis</c> — by default over everything, so the whole batch gives one value; <c>axis: [1, 2]</c> gives one per image.
/// </summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>dice</c>.</param>
/// <param name="axis">The axes summed over. Defaults to null (every axis).</param>
public class Dice(string reduction = "sum_over_batch_size", string? name = "dice", int[]? axis = null)
    : Loss(name ?? "dice", reduction)
{
    /// <summary>The axes summed over, or null for every axis.</summary>
    public IReadOnlyList<int>? Axis { get; } = axis?.ToArray();

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.Dice(yTrue, yPred, Axis?.ToArray());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis?.ToArray();
        return config;
    }
}
