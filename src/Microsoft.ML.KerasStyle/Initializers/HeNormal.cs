namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>he_normal</c>: truncated normal with stddev sqrt(2 / fan_in).</summary>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class HeNormal(int? seed = null) : VarianceScaling(2.0, "fan_in", "truncated_normal", seed: seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
