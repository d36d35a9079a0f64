using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's ReLU layer: <c>min(x, maxValue)</c> where <c>x &gt; threshold</c>, <c>negativeSlope · (x - threshold)</c>
/// elsewhere; with the defaults, <c>max(x, 0)</c>. The output shape equals the input shape.
/// </summary>
/// <param name="maxValue">The largest output, ≥ 0. Defaults to none (unbounded).</param>
/// <param name="negativeSlope">The slope below the threshold, ≥ 0. Defaults to 0.</param>
/// <param name="threshold">The input below which the slope applies, ≥ 0. Defaults to 0.</param>
/// <param name="name">Layer name. Defaults to <c>re_lu</c>, <c>re_lu_1</c>, ….</param>
/// <param name="trainable">Whether the layer is trainable (it has no weights). Defaults to true.</param>
/// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class ReLU(double? maxValue = null, double negativeSlope = 0, double threshold = 0, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The largest output, or null for none.</summary>
    public double? MaxValue { get; } = maxValue is null or >= 0
        ? maxValue
        : throw new ArgumentException($"ReLU: max_value of a ReLU layer cannot be a negative value. Received: max_value={maxValue}", nameof(maxValue));

    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; } = negativeSlope >= 0
        ? negativeSlope
        : throw new ArgumentException($"ReLU: negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope={negativeSlope}", nameof(negativeSlope));

    /// <summary>The input below which the slope applies.</summary>
    public double Threshold { get; } = threshold >= 0
        ? threshold
        : throw new ArgumentException($"ReLU: threshold of a ReLU layer cannot be a negative value. Received: threshold={threshold}", nameof(threshold));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (NegativeSlope == 0 && Threshold == 0)
            return MaxValue is { } max ? clamp(inputs, 0, max) : nn.functional.relu(inputs);
        if (Threshold == 0 && MaxValue is null) return nn.functional.leaky_relu(inputs, NegativeSlope);
        using var scope = NewDisposeScope();
        var above = MaxValue is { } limit ? clamp_max(inputs, limit) : inputs;
        return where(inputs > Threshold, above, (inputs - Threshold) * NegativeSlope).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["max_value"] = MaxValue,
        ["negative_slope"] = NegativeSlope,
        ["threshold"] = Threshold,
    };
}
