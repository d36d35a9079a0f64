using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>
/// Keras's <c>MinMaxNorm</c>: moves each weight vector's L2 norm <c>n</c> over <see cref="NormConstraint.Axis"/> toward
/// [<see cref="MinValue"/>, <see cref="MaxValue"/>]: <c>w · (rate · clip(n, min, max) + (1 − rate) · n) / (ε + n)</c>,
/// ε = 1e-7 (rate 1 enforces the bounds at once). By name: <c>"min_max_norm"</c>.
/// </summary>
public class MinMaxNorm : NormConstraint
{
    /// <summary>Creates a MinMaxNorm over one axis.</summary>
    /// <param name="minValue">The smallest norm allowed. Defaults to 0.</param>
    /// <param name="maxValue">The largest norm allowed. Defaults to 1.</param>
    /// <param name="rate">How far each update moves the norm into the bounds (1: all the way). Defaults to 1.</param>
    /// <param name="axis">The axis the norms are taken over. Defaults to 0.</param>
    public MinMaxNorm(double minValue = 0.0, double maxValue = 1.0, double rate = 1.0, int axis = 0) : base(axis) =>
        (MinValue, MaxValue, Rate) = (minValue, maxValue, rate);

    /// <summary>Creates a MinMaxNorm over several axes.</summary>
    /// <param name="minValue">The smallest norm allowed.</param>
    /// <param name="maxValue">The largest norm allowed.</param>
    /// <param name="rate">How far each update moves the norm into the bounds (1: all the way).</param>
    /// <param name="axis">The axes the norms are taken over.</param>
    public MinMaxNorm(double minValue, double maxValue, double rate, int[] axis) : base(axis) =>
        (MinValue, MaxValue, Rate) = (minValue, maxValue, rate);

    /// <summary>The smallest norm allowed.</summary>
    public double MinValue { get; }

    /// <summary>The largest norm allowed.</summary>
    public double MaxValue { get; }

    /// <summary>How far each update moves the norm into the bounds.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor w)
    {
        using var scope = NewDisposeScope();
        var norms = Norms(w, Axis, "MinMaxNorm");
        var desired = norms.clamp(MinValue, MaxValue) * Rate + norms * (1 - Rate);
        return (w * (desired / (norms + Epsilon))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["min_value"] = MinValue,
        ["max_value"] = MaxValue,
        ["rate"] = Rate,
        ["axis"] = AxisConfig,
    };
}
