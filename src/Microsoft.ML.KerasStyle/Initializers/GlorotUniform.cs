namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>glorot_uniform</c> (Xavier uniform): uniform in ±sqrt(6 / (fan_in + fan_out)). The default kernel initializer.</summary>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class GlorotUniform(int? seed = null) : VarianceScaling(1.0, "fan_avg", "uniform", seed: seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
