using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>
/// Keras's <c>UnitNorm</c>: divides each weight vector by its L2 norm over <see cref="NormConstraint.Axis"/>,
/// <c>w / (ε + n)</c>, ε = 1e-7. By name: <c>"unit_norm"</c>.
/// </summary>
public class UnitNorm : NormConstraint
{
    /// <summary>Creates a UnitNorm over one axis.</summary>
    /// <param name="axis">The axis the norms are taken over. Defaults to 0 (one norm per unit of a Dense kernel).</param>
    public UnitNorm(int axis = 0) : base(axis)
    {
    }

    /// <summary>Creates a UnitNorm over several axes.</summary>
    /// <param name="axis">The axes the norms are taken over, e.g. [0, 1, 2] for a Conv2D kernel.</param>
    public UnitNorm(int[] axis) : base(axis)
    {
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor w)
    {
        using var scope = NewDisposeScope();
        return (w / (Norms(w, Axis, "UnitNorm") + Epsilon)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["axis"] = AxisConfig };
}
