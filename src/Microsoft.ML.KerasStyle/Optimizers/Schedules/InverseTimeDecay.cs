namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>InverseTimeDecay</c>: <c>initial_learning_rate / (1 + decay_rate · step / decay_steps)</c>, with
/// <c>step / decay_steps</c> floored when <c>staircase</c> is set.
/// </summary>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">How often the decay applies; positive.</param>
    /// <param name="decayRate">The decay rate; ≥ 0.</param>
    /// <param name="staircase">Whether to decay at whole multiples of <paramref name="decaySteps"/> only. Defaults to false.</param>
    /// <param name="name">The schedule's name. Defaults to <c>InverseTimeDecay</c>.</param>
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string name = "InverseTimeDecay")
    {
        if (!double.IsFinite(initialLearningRate))
            throw new ArgumentException($"InverseTimeDecay: initialLearningRate must be a finite number, received {initialLearningRate}.", nameof(initialLearningRate));
        if (decaySteps <= 0)
            throw new ArgumentException($"InverseTimeDecay: decaySteps must be > 0, received {decaySteps}.", nameof(decaySteps));
        if (!(decayRate >= 0) || !double.IsFinite(decayRate))
            throw new ArgumentException($"InverseTimeDecay: decayRate must be a number ≥ 0, received {decayRate}.", nameof(decayRate));
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = decayRate;
        Staircase = staircase;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>How often the decay applies.</summary>
    public long DecaySteps { get; }

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; }

    /// <summary>Whether <c>step / decay_steps</c> is floored.</summary>
    public bool Staircase { get; }

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        var p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate / (1 + DecayRate * p);
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
