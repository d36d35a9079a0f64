namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>glorot_normal</c>: truncated normal with stddev sqrt(2 / (fan_in + fan_out)).</summary>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class GlorotNormal(int? seed = null) : VarianceScaling(1.0, "fan_avg", "truncated_normal", seed: seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
