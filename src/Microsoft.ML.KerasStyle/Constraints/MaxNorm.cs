using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>
/// Keras's <c>MaxNorm</c>: rescales each weight vector whose L2 norm over <see cref="NormConstraint.Axis"/> exceeds
/// <see cref="MaxValue"/> down to it: <c>w · clip(n, 0, max_value) / (ε + n)</c>, ε = 1e-7. By name: <c>"max_norm"</c>.
/// </summary>
public class MaxNorm : NormConstraint
{
    /// <summary>Creates a MaxNorm over one axis.</summary>
    /// <param name="maxValue">The largest norm allowed. Defaults to 2.</param>
    /// <param name="axis">The axis the norms are taken over. Defaults to 0 (one norm per unit of a Dense kernel).</param>
    public MaxNorm(double maxValue = 2, int axis = 0) : base(axis) => MaxValue = maxValue;

    /// <summary>Creates a MaxNorm over several axes.</summary>
    /// <param name="maxValue">The largest norm allowed.</param>
    /// <param name="axis">The axes the norms are taken over, e.g. [0, 1, 2] for a Conv2D kernel.</param>
    public MaxNorm(double maxValue, int[] axis) : base(axis) => MaxValue = maxValue;

    /// <summary>The largest norm allowed.</summary>
    public double MaxValue { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor w)
    {
        using var scope = NewDisposeScope();
        var norms = Norms(w, Axis, "MaxNorm");
        var desired = norms.clamp(0, MaxValue);
        return (w * (desired / (norms + Epsilon))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["max_value"] = MaxValue, ["axis"] = AxisConfig };
}
