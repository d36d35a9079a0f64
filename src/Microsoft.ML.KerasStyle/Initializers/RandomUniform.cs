using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>random_uniform</c>: uniform samples in [minval, maxval).</summary>
/// <param name="minval">Lower bound. Defaults to -0.05.</param>
/// <param name="maxval">Upper bound. Defaults to 0.05.</param>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null) : RandomInitializer(seed)
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32) => Uniform(shape, minval, maxval, dtype);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["minval"] = minval, ["maxval"] = maxval };
}
