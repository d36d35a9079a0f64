namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>lecun_uniform</c>: uniform in ±sqrt(3 / fan_in).</summary>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class LecunUniform(int? seed = null) : VarianceScaling(1.0, "fan_in", "uniform", seed: seed)
{
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
