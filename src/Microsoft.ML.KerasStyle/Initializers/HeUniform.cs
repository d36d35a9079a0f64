namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>he_uniform</c>: uniform in ±sqrt(6 / fan_in).</summary>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class HeUniform(int? seed = null) : VarianceScaling(2.0, "fan_in", "uniform", seed: seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
