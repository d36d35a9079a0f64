namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>PiecewiseConstantDecay</c>: <c>values[0]</c> while <c>step ≤ boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i−1] &lt; step ≤ boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    readonly long[] boundaries;
    readonly double[] values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Step boundaries, non-decreasing, at least one.</param>
    /// <param name="values">The rates: one more than <paramref name="boundaries"/>.</param>
    /// <param name="name">The schedule's name. Defaults to <c>PiecewiseConstant</c>.</param>
    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<double> values, string name = "PiecewiseConstant")
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Count != values.Count - 1)
            throw new ArgumentException(
                $"PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. Received boundaries=[{string.Join(", ", boundaries)}] of length {boundaries.Count}, and values=[{string.Join(", ", values)}] of length {values.Count}.",
                nameof(values));
        if (boundaries.Count == 0)
            throw new ArgumentException("PiecewiseConstantDecay: boundaries must hold at least one step, received none.", nameof(boundaries));
        for (var i = 1; i < boundaries.Count; i++)
            if (boundaries[i] < boundaries[i - 1])
                throw new ArgumentException($"PiecewiseConstantDecay: boundaries must be non-decreasing, received [{string.Join(", ", boundaries)}].", nameof(boundaries));
        foreach (var value in values)
            if (!double.IsFinite(value))
                throw new ArgumentException($"PiecewiseConstantDecay: values must be finite numbers, received {value}.", nameof(values));
        this.boundaries = [.. boundaries];
        this.values = [.. values];
        Name = name;
    }

    /// <summary>The step boundaries.</summary>
    public IReadOnlyList<long> Boundaries => boundaries;

    /// <summary>The rates, one per interval.</summary>
    public IReadOnlyList<double> Values => values;

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        // Each interval is closed on the right, as in Keras: a step equal to a boundary still gets the earlier value.
        for (var i = 0; i < boundaries.Length; i++)
            if (step <= boundaries[i]) return values[i];
        return values[^1];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["boundaries"] = boundaries.ToList(),
        ["values"] = values.ToList(),
        ["name"] = Name,
    };
}
