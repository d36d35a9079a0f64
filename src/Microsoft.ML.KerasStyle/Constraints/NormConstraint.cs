namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>
/// The base of the constraints that rescale weight vectors by their norm over <see cref="Axis"/> (<see cref="MaxNorm"/>,
/// <see cref="MinMaxNorm"/>, <see cref="UnitNorm"/>): an axis given as one integer is written back as one, as Keras does.
/// </summary>
public abstract class NormConstraint : Constraint
{
    readonly bool axisIsList;

    /// <summary>Norms over one axis.</summary>
    /// <param name="axis">The axis the norms are taken over (negative counts from the end).</param>
    protected NormConstraint(int axis) => Axis = [axis];

    /// <summary>Norms over several axes (e.g. [0, 1, 2] for a Conv2D kernel: one norm per filter).</summary>
    /// <param name="axis">The axes the norms are taken over (negative count from the end).</param>
    protected NormConstraint(int[] axis)
    {
        Axis = axis is { Length: > 0 } ? (int[])axis.Clone() : throw new ArgumentException($"{GetType().Name}: axis must name at least one axis.", nameof(axis));
        axisIsList = true;
    }

    /// <summary>The axes the norms are taken over: for a Dense kernel (in, units), axis 0 gives one norm per unit.</summary>
    public IReadOnlyList<int> Axis { get; }

    /// <summary>The axis as Keras's config writes it: an integer, or a list when a list was given.</summary>
    protected object AxisConfig => axisIsList ? Axis.ToArray() : Axis[0];
}
