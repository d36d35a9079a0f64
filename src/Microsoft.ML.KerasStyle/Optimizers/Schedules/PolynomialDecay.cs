namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>PolynomialDecay</c>: from <c>initial_learning_rate</c> to <c>end_learning_rate</c> over
/// <c>decay_steps</c> as <c>(initial − end)·(1 − step / decay_steps)^power + end</c>, then constant at the end rate; with
/// <c>cycle</c> the decay restarts, stretched to the first multiple of <c>decay_steps</c> not below the step.
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps of the decay; positive.</param>
    /// <param name="endLearningRate">The final rate. Defaults to 0.0001.</param>
    /// <param name="power">The power of the polynomial (1 is linear). Defaults to 1.</param>
    /// <param name="cycle">Whether to restart the decay after <paramref name="decaySteps"/>. Defaults to false.</param>
    /// <param name="name">The schedule's name. Defaults to <c>PolynomialDecay</c>.</param>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false,
        string name = "PolynomialDecay")
    {
        if (!double.IsFinite(initialLearningRate))
            throw new ArgumentException($"PolynomialDecay: initialLearningRate must be a finite number, received {initialLearningRate}.", nameof(initialLearningRate));
        if (decaySteps <= 0)
            throw new ArgumentException($"PolynomialDecay: decaySteps must be > 0, received {decaySteps}.", nameof(decaySteps));
        if (!double.IsFinite(endLearningRate))
            throw new ArgumentException($"PolynomialDecay: endLearningRate must be a finite number, received {endLearningRate}.", nameof(endLearningRate));
        if (!double.IsFinite(power))
            throw new ArgumentException($"PolynomialDecay: power must be a finite number, received {power}.", nameof(power));
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate.</summary>
    public double EndLearningRate { get; }

    /// <summary>The power of the polynomial.</summary>
    public double Power { get; }

    /// <summary>Whether the decay restarts.</summary>
    public bool Cycle { get; }

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        double s = step, steps = DecaySteps;
        if (Cycle)
            // The first multiple of decay_steps that is not below the step (1 at step 0).
            steps *= step == 0 ? 1 : Math.Ceiling(s / DecaySteps);
        else
            s = Math.Min(s, steps);
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - s / steps, Power) + EndLearningRate;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["end_learning_rate"] = EndLearningRate,
        ["power"] = Power,
        ["cycle"] = Cycle,
        ["name"] = Name,
    };
}
