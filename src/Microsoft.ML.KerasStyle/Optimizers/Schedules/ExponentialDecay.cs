namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>ExponentialDecay</c>: <c>initial_learning_rate · decay_rate^(step / decay_steps)</c>, with the exponent
/// floored when <c>staircase</c> is set (so the rate drops in steps every <c>decay_steps</c>).
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps over which the rate is multiplied by <paramref name="decayRate"/>; positive.</param>
    /// <param name="decayRate">The factor applied every <paramref name="decaySteps"/> steps; positive.</param>
    /// <param name="staircase">Whether to decay at whole multiples of <paramref name="decaySteps"/> only. Defaults to false.</param>
    /// <param name="name">The schedule's name. Defaults to <c>ExponentialDecay</c>.</param>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string name = "ExponentialDecay")
    {
        if (!double.IsFinite(initialLearningRate))
            throw new ArgumentException($"ExponentialDecay: initialLearningRate must be a finite number, received {initialLearningRate}.", nameof(initialLearningRate));
        if (decaySteps <= 0)
            throw new ArgumentException($"ExponentialDecay: decaySteps must be > 0, received {decaySteps}.", nameof(decaySteps));
        if (!(decayRate > 0) || !double.IsFinite(decayRate))
            throw new ArgumentException($"ExponentialDecay: decayRate must be a positive number, received {decayRate}.", nameof(decayRate));
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = decayRate;
        Staircase = staircase;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per factor of <see cref="DecayRate"/>.</summary>
    public long DecaySteps { get; }

    /// <summary>The decay factor.</summary>
    public double DecayRate { get; }

    /// <summary>Whether the exponent is floored.</summary>
    public bool Staircase { get; }

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        var p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate * Math.Pow(DecayRate, p);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = Name,
    };
}
