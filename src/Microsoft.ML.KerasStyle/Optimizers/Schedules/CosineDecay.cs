namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>CosineDecay</c> (SGDR without restarts), with an optional linear warmup: from
/// <c>initial_learning_rate</c> to <c>warmup_target</c> over <c>warmup_steps</c>, then a half cosine from the peak
/// down to <c>alpha · peak</c> over <c>decay_steps</c>, where it stays.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0 (the peak when there is no warmup).</param>
    /// <param name="decaySteps">Steps of the cosine decay; positive.</param>
    /// <param name="alpha">The final rate as a fraction of the peak. Defaults to 0.</param>
    /// <param name="warmupTarget">The rate reached at the end of warmup; null for no warmup. Defaults to null.</param>
    /// <param name="warmupSteps">Steps of linear warmup. Defaults to 0.</param>
    /// <param name="name">The schedule's name. Defaults to <c>CosineDecay</c>.</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, double? warmupTarget = null, long warmupSteps = 0, string name = "CosineDecay")
    {
        if (!double.IsFinite(initialLearningRate))
            throw new ArgumentException($"CosineDecay: initialLearningRate must be a finite number, received {initialLearningRate}.", nameof(initialLearningRate));
        if (decaySteps <= 0)
            throw new ArgumentException($"CosineDecay: decaySteps must be > 0, received {decaySteps}.", nameof(decaySteps));
        if (!double.IsFinite(alpha))
            throw new ArgumentException($"CosineDecay: alpha must be a finite number, received {alpha}.", nameof(alpha));
        if (warmupTarget is { } target && !double.IsFinite(target))
            throw new ArgumentException($"CosineDecay: warmupTarget must be a finite number or null, received {target}.", nameof(warmupTarget));
        if (warmupSteps < 0)
            throw new ArgumentException($"CosineDecay: warmupSteps must be >= 0, received {warmupSteps}.", nameof(warmupSteps));
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        Alpha = alpha;
        WarmupTarget = warmupTarget;
        WarmupSteps = warmupSteps;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the cosine decay.</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate as a fraction of the peak.</summary>
    public double Alpha { get; }

    /// <summary>The rate at the end of warmup, or null for no warmup.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        // Keras ignores warmup_steps unless warmup_target is set.
        if (WarmupTarget is not { } target)
            return Decayed(Math.Min(step, DecaySteps), InitialLearningRate);
        var clamped = Math.Min(step, DecaySteps + WarmupSteps);
        return clamped < WarmupSteps
            ? (target - InitialLearningRate) * clamped / WarmupSteps + InitialLearningRate
            : Decayed(clamped - WarmupSteps, target);
    }

    double Decayed(long step, double from)
    {
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * step / DecaySteps));
        return from * ((1 - Alpha) * cosine + Alpha);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["alpha"] = Alpha,
        ["name"] = Name,
        ["warmup_target"] = WarmupTarget,
        ["warmup_steps"] = WarmupSteps,
    };
}
