namespace Microsoft.ML.KerasStyle.Optimizers.Schedules;

/// <summary>
/// Keras's <c>CosineDecayRestarts</c> (SGDR, Loshchilov &amp; Hutter 2017): a half cosine from the peak down to
/// <c>alpha</c> of it over <c>first_decay_steps</c>, then a restart; each period is <c>t_mul</c> times longer than the
/// one before and starts at <c>m_mul</c> times its peak.
/// </summary>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at step 0 (the first peak).</param>
    /// <param name="firstDecaySteps">Steps of the first period; positive.</param>
    /// <param name="tMul">How much longer each period is than the one before (&gt; 0). Defaults to 2.</param>
    /// <param name="mMul">How much each period's peak is of the one before. Defaults to 1.</param>
    /// <param name="alpha">The lowest rate as a fraction of the period's peak. Defaults to 0.</param>
    /// <param name="name">The schedule's name. Defaults to <c>SGDRDecay</c>.</param>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0,
        string name = "SGDRDecay")
    {
        if (!double.IsFinite(initialLearningRate))
            throw new ArgumentException($"CosineDecayRestarts: initialLearningRate must be a finite number, received {initialLearningRate}.", nameof(initialLearningRate));
        if (firstDecaySteps <= 0)
            throw new ArgumentException($"CosineDecayRestarts: firstDecaySteps must be > 0, received {firstDecaySteps}.", nameof(firstDecaySteps));
        if (!(tMul > 0) || !double.IsFinite(tMul))
            throw new ArgumentException($"CosineDecayRestarts: tMul must be a positive number, received {tMul}.", nameof(tMul));
        if (!double.IsFinite(mMul))
            throw new ArgumentException($"CosineDecayRestarts: mMul must be a finite number, received {mMul}.", nameof(mMul));
        if (!double.IsFinite(alpha))
            throw new ArgumentException($"CosineDecayRestarts: alpha must be a finite number, received {alpha}.", nameof(alpha));
        InitialLearningRate = initialLearningRate;
        FirstDecaySteps = firstDecaySteps;
        TMul = tMul;
        MMul = mMul;
        Alpha = alpha;
        Name = name;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the first period.</summary>
    public long FirstDecaySteps { get; }

    /// <summary>The growth factor of the periods' lengths.</summary>
    public double TMul { get; }

    /// <summary>The factor of the periods' peaks.</summary>
    public double MMul { get; }

    /// <summary>The lowest rate as a fraction of the period's peak.</summary>
    public double Alpha { get; }

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        var fraction = (double)step / FirstDecaySteps;
        double restart;
        if (TMul == 1.0)
        {
            restart = Math.Floor(fraction);
            fraction -= restart;
        }
        else
        {
            // Period i starts after (1 − tᵢ)/(1 − t) first periods: i = floor(log(1 − fraction·(1 − t)) / log t). The
            // logarithm's rounding can land just below a whole number at a restart, so i is corrected to the exact count.
            var total = 1 - fraction * (1 - TMul);
            restart = Math.Floor(Math.Log(total) / Math.Log(TMul));
            while (restart > 0 && Math.Pow(TMul, restart) > total * (1 + 1e-12)) restart--;
            while (Math.Pow(TMul, restart + 1) <= total * (1 + 1e-12)) restart++;
            var before = (1 - Math.Pow(TMul, restart)) / (1 - TMul);
            fraction = (fraction - before) / Math.Pow(TMul, restart);
        }
        var cosine = 0.5 * Math.Pow(MMul, restart) * (1 + Math.Cos(Math.PI * fraction));
        return InitialLearningRate * ((1 - Alpha) * cosine + Alpha);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["first_decay_steps"] = FirstDecaySteps,
        ["t_mul"] = TMul,
        ["m_mul"] = MMul,
        ["alpha"] = Alpha,
        ["name"] = Name,
    };
}
