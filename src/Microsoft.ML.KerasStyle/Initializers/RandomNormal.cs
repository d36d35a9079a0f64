using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>random_normal</c>: normal samples.</summary>
/// <param name="mean">Mean. Defaults to 0.</param>
/// <param name="stddev">Standard deviation. Defaults to 0.05.</param>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32) => Normal(shape, mean, stddev, dtype);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["mean"] = mean, ["stddev"] = stddev };
}
