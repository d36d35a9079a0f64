using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>truncated_normal</c>: normal samples redrawn when further than two stddevs from the mean.</summary>
/// <param name="mean">Mean. Defaults to 0.</param>
/// <param name="stddev">Standard deviation before truncation. Defaults to 0.05.</param>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null) : RandomInitializer(seed)
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32) => TruncatedNormal(shape, mean, stddev, dtype);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["mean"] = mean, ["stddev"] = stddev };
}
