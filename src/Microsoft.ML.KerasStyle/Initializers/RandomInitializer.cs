using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Base of the random initializers: holds the optional seed and draws uniform/normal/truncated samples.</summary>
public abstract class RandomInitializer(int? seed) : Initializer
{
    /// <summary>The seed; null draws from the global generator.</summary>
    public int? Seed { get; } = seed;

    /// <summary>A generator for one call: a fresh one from <see cref="Seed"/>, or null for the global generator.</summary>
    protected Generator? NewGenerator() => Seed is { } s ? new Generator((ulong)s) : null;

    /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    protected Tensor Uniform(long[] shape, double low, double high, ScalarType dtype)
    {
        using var generator = NewGenerator();
        return (torch.rand(shape, dtype: ScalarType.Float32, generator: generator) * (high - low) + low).to(dtype);
    }

    /// <summary>Normal samples.</summary>
    protected Tensor Normal(long[] shape, double mean, double stddev, ScalarType dtype)
    {
        using var generator = NewGenerator();
        return (torch.randn(shape, dtype: ScalarType.Float32, generator: generator) * stddev + mean).to(dtype);
    }

    /// <summary>Normal samples redrawn until within two standard deviations of the mean (Keras's truncated normal).</summary>
    protected Tensor TruncatedNormal(long[] shape, double mean, double stddev, ScalarType dtype)
    {
        using var generator = NewGenerator();
        var z = torch.randn(shape, dtype: ScalarType.Float32, generator: generator);
        while (true)
        {
            using var outside = z.abs() > 2.0;
            if (!outside.any().item<bool>()) break;
            using var redraw = torch.randn(shape, dtype: ScalarType.Float32, generator: generator);
            z = torch.where(outside, redraw, z);
        }
        return (z * stddev + mean).to(dtype);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
