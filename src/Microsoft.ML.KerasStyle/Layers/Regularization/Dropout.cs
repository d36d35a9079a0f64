using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Dropout (inverted dropout). In training each element is set to 0 with probability <c>rate</c> and the
/// others are scaled by <c>1 / (1 - rate)</c>, so the expected sum is unchanged; in inference the input is returned
/// as it is (the same tensor).
/// </summary>
/// <param name="rate">Fraction of the inputs to drop, in [0, 1] (1 drops everything, as in Keras).</param>
/// <param name="noiseShape">
/// Shape of the keep/drop mask, broadcast over the input (e.g. <c>[null, 1, null]</c> drops whole timesteps' features
/// together); null dimensions take the input's size. It must have the input's rank, and each known size must be 1 or
/// the input's size. Defaults to none (the input's shape: every element independently).
/// </param>
/// <param name="seed">
/// Seed of the layer's own random generator: two layers with the same seed draw the same sequence of masks (each call
/// a new mask). Defaults to none (TorchSharp's global generator, seeded by <c>Keras.Utils.SetRandomSeed</c>).
/// </param>
/// <param name="name">Layer name. Defaults to <c>dropout</c>, <c>dropout_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class Dropout(double rate, int?[]? noiseShape = null, int? seed = null, string? name = null, string dtype = "float32")
    : Layer(name, true, dtype)
{
    /// <summary>Fraction of the inputs dropped in training.</summary>
    public double Rate { get; } = rate is >= 0 and <= 1
        ? rate
        : throw new ArgumentException($"Dropout: invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate={rate}", nameof(rate));

    /// <summary>Shape of the mask (null dimensions follow the input), or null for the input's shape.</summary>
    public IReadOnlyList<int?>? NoiseShape { get; } = ValidateNoiseShape(noiseShape);

    /// <summary>The seed of the layer's generator, or null for the global generator.</summary>
    public int? Seed { get; } = seed;

    Generator? generator;

    static int?[]? ValidateNoiseShape(int?[]? shape)
    {
        if (shape is null) return null;
        for (var i = 0; i < shape.Length; i++)
            if (shape[i] is <= 0)
                throw new ArgumentException(
                    $"Dropout: invalid value received for argument `noise_shape`. Expected all dimensions to be positive integers or None. Received {shape[i]} at index {i}: {Shapes.Format(shape)}",
                    nameof(noiseShape));
        return (int?[])shape.Clone();
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape) => Built = true;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || Rate == 0) return inputs;
        if (Rate == 1) return zeros_like(inputs);

        var keep = 1.0 - Rate;
        var maskShape = MaskShape(inputs);
        Tensor keepMask;
        using (no_grad())
        {
            var probabilities = full(maskShape, keep, dtype: ScalarType.Float32, device: inputs.device);
            keepMask = bernoulli(probabilities, SeededGenerator(inputs.device)).to(ScalarType.Bool);
        }
        return where(keepMask, inputs / keep, zeros_like(inputs));
    }

    long[] MaskShape(Tensor inputs)
    {
        var input = inputs.shape;
        if (NoiseShape is null) return input;
        if (NoiseShape.Count != input.Length)
            throw new ArgumentException(
                $"Layer \"{Name}\" (Dropout): noise_shape {Shapes.Format(NoiseShape)} must have the rank of the inputs, received input shape {Shapes.Format(Shapes.Of(inputs))}.");
        var shape = new long[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            shape[i] = NoiseShape[i] ?? input[i];
            if (shape[i] != 1 && shape[i] != input[i])
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Dropout): noise_shape {Shapes.Format(NoiseShape)} does not broadcast to the input shape {Shapes.Format(Shapes.Of(inputs))} (dimension {i}).");
        }
        return shape;
    }

    Generator? SeededGenerator(Device device)
    {
        if (Seed is not { } s) return null;
        if (generator is null || generator.device.type != device.type || generator.device.index != device.index)
        {
            generator?.Dispose();
            generator = new Generator((ulong)s, device);
        }
        return generator;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["rate"] = Rate,
        ["seed"] = Seed,
        ["noise_shape"] = NoiseShape?.ToArray(),
    };
}
