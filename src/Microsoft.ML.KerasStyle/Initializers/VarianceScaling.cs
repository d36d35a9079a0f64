using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>
/// Keras's VarianceScaling: samples scaled to the weight's fan. With <c>n</c> = fan_in, fan_out or their average
/// (<paramref name="mode"/>): <c>truncated_normal</c> has stddev sqrt(scale / n) / .87962566103423978, <c>uniform</c>
/// has limit sqrt(3 scale / n), <c>untruncated_normal</c> has stddev sqrt(scale / n).
/// </summary>
/// <param name="scale">Scaling factor. Defaults to 1.</param>
/// <param name="mode"><c>fan_in</c>, <c>fan_out</c> or <c>fan_avg</c>. Defaults to <c>fan_in</c>.</param>
/// <param name="distribution"><c>truncated_normal</c>, <c>untruncated_normal</c> or <c>uniform</c>. Defaults to <c>truncated_normal</c>.</param>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public class VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", int? seed = null)
    : RandomInitializer(seed)
{
    static readonly string[] Modes = ["fan_in", "fan_out", "fan_avg"];
    static readonly string[] Distributions = ["truncated_normal", "untruncated_normal", "uniform"];

    /// <summary>Scaling factor.</summary>
    public double Scale { get; } = scale > 0 ? scale : throw new ArgumentException($"VarianceScaling: scale must be positive, received {scale}.");

    /// <summary>Which fan the variance is scaled to.</summary>
    public string Mode { get; } = Modes.Contains(mode) ? mode
        : throw new ArgumentException($"VarianceScaling: mode must be one of {string.Join(", ", Modes)}, received '{mode}'.");

    /// <summary>The sampling distribution.</summary>
    public string Distribution { get; } = Distributions.Contains(distribution) ? distribution
        : throw new ArgumentException($"VarianceScaling: distribution must be one of {string.Join(", ", Distributions)}, received '{distribution}'.");

    /// <summary>Keras's fans: (in, out) for matrices; for kernels (…, in, out) both multiplied by the receptive field.</summary>
    public static (double FanIn, double FanOut) ComputeFans(long[] shape)
    {
        if (shape.Length == 0) return (1, 1);
        if (shape.Length == 1) return (shape[0], shape[0]);
        if (shape.Length == 2) return (shape[0], shape[1]);
        double receptive = 1;
        for (var i = 0; i < shape.Length - 2; i++) receptive *= shape[i];
        return (shape[^2] * receptive, shape[^1] * receptive);
    }

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32)
    {
        var (fanIn, fanOut) = ComputeFans(shape);
        var n = Mode switch { "fan_in" => fanIn, "fan_out" => fanOut, _ => (fanIn + fanOut) / 2 };
        var s = Scale / Math.Max(1.0, n);
        return Distribution switch
        {
            "truncated_normal" => TruncatedNormal(shape, 0, Math.Sqrt(s) / .87962566103423978, dtype),
            "untruncated_normal" => Normal(shape, 0, Math.Sqrt(s), dtype),
            _ => Uniform(shape, -Math.Sqrt(3 * s), Math.Sqrt(3 * s), dtype),
        };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["scale"] = Scale, ["mode"] = Mode, ["distribution"] = Distribution,
    };
}
