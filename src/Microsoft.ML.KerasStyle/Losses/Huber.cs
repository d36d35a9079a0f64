using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>Huber</c> loss: per element <c>½e²</c> where <c>|e| ≤ delta</c>, else <c>delta·|e| − ½delta²</c>
/// (<c>e = yPred − yTrue</c>), averaged over the last axis.
/// </summary>
/// <param name="delta">Where the loss turns from quadratic to linear; finite and ≥ 0. Defaults to 1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>huber_loss</c>.</param>
public class Huber(double delta = 1.0, string reduction = "sum_over_batch_size", string? name = "huber_loss")
    : Loss(name ?? "huber_loss", reduction)
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; } = double.IsFinite(delta) && delta >= 0
        ? delta
        : throw new ArgumentException($"Huber: delta must be a finite number ≥ 0. Received: delta={delta.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(delta));

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.Huber(yTrue, yPred, Delta);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }
}
