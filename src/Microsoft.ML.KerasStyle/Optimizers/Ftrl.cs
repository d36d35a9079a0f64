using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Ftrl</c> ("Follow The Regularized Leader", McMahan et al., 2013), suited to wide, sparse models: per
/// weight an accumulator <c>n</c> of squared gradients and a linear term <c>z</c>, with p = <c>learningRatePower</c>:
/// <c>z += g + 2·λ₂ₛ·w − (n′^−p − n^−p)/lr·w</c>, <c>n′ = n + g²</c>,
/// <c>w = (clip(z, −λ₁, λ₁) − z) / (n′^−p/lr + 2·(λ₂ + β/(2·lr)))</c> — so weights whose |z| stays under λ₁ are exactly 0.
/// </summary>
public sealed class Ftrl : Optimizer
{
    readonly Dictionary<Variable, Variable> accumulators = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> linears = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="learningRatePower">How the rate shrinks as the accumulator grows, ≤ 0 (0 keeps it fixed). Defaults to -0.5.</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators, ≥ 0. Defaults to 0.1.</param>
    /// <param name="l1RegularizationStrength">L1 strength λ₁, ≥ 0 (larger values give more exact zeros). Defaults to 0.</param>
    /// <param name="l2RegularizationStrength">L2 strength λ₂, ≥ 0. Defaults to 0.</param>
    /// <param name="l2ShrinkageRegularizationStrength">L2 shrinkage λ₂ₛ, ≥ 0: an L2 penalty added to the gradient (magnitude shrinkage). Defaults to 0.</param>
    /// <param name="beta">β, ≥ 0, added as <c>β / (2·lr)</c> to the L2 strength. Defaults to 0.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>ftrl</c>.</param>
    public Ftrl(
        LearningRateSchedule? learningRate = null,
        double learningRatePower = -0.5,
        double initialAccumulatorValue = 0.1,
        double l1RegularizationStrength = 0.0,
        double l2RegularizationStrength = 0.0,
        double l2ShrinkageRegularizationStrength = 0.0,
        double beta = 0.0,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        LearningRatePower = learningRatePower <= 0 && double.IsFinite(learningRatePower)
            ? learningRatePower
            : throw new ArgumentException($"Optimizer '{Name}': learningRatePower must be a number ≤ 0, received {learningRatePower}.", nameof(learningRatePower));
        InitialAccumulatorValue = OptimizerArguments.NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue), Name);
        L1RegularizationStrength = OptimizerArguments.NonNegative(l1RegularizationStrength, nameof(l1RegularizationStrength), Name);
        L2RegularizationStrength = OptimizerArguments.NonNegative(l2RegularizationStrength, nameof(l2RegularizationStrength), Name);
        L2ShrinkageRegularizationStrength = OptimizerArguments.NonNegative(l2ShrinkageRegularizationStrength, nameof(l2ShrinkageRegularizationStrength), Name);
        Beta = OptimizerArguments.NonNegative(beta, nameof(beta), Name);
    }

    /// <summary>The power p of the accumulator in the per-weight rate.</summary>
    public double LearningRatePower { get; }

    /// <summary>Starting value of the accumulators.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>L1 strength.</summary>
    public double L1RegularizationStrength { get; }

    /// <summary>L2 strength.</summary>
    public double L2RegularizationStrength { get; }

    /// <summary>L2 shrinkage strength.</summary>
    public double L2ShrinkageRegularizationStrength { get; }

    /// <summary>β, added as β / (2·lr) to the L2 strength.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras interleaves the slots per variable: accumulator (starting at initial_accumulator_value), linear.
        foreach (var variable in variables)
        {
            accumulators[variable] = AddVariableFromReference(variable, "accumulator", InitialAccumulatorValue);
            linears[variable] = AddVariableFromReference(variable, "linear");
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var accumulator = accumulators[variable].Value;
        var linear = linears[variable].Value;
        var w = variable.Value;
        var power = Scalars.Of(-LearningRatePower);
        var newAccumulator = accumulator.addcmul(gradient, gradient, Scalars.One);
        var newPower = newAccumulator.pow(power);
        // z += g + 2·λ₂ₛ·w − (n′^−p − n^−p)/lr · w, with the weights before this update.
        var rateChange = newPower.sub(accumulator.pow_(power)).div_(Scalars.Of(learningRate)).mul_(w);
        linear.add_(gradient);
        if (L2ShrinkageRegularizationStrength > 0) linear.add_(w, Scalars.Of(2 * L2ShrinkageRegularizationStrength));
        linear.sub_(rateChange);
        var quadratic = newPower.div_(Scalars.Of(learningRate)).add_(Scalars.Of(2 * (L2RegularizationStrength + Beta / (2 * learningRate))));
        var l1 = L1RegularizationStrength;
        w.copy_(linear.clamp(Scalars.Of(-l1), Scalars.Of(l1)).sub_(linear).div_(quadratic));
        accumulator.copy_(newAccumulator);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(),
            ("learning_rate_power", LearningRatePower),
            ("initial_accumulator_value", InitialAccumulatorValue),
            ("l1_regularization_strength", L1RegularizationStrength),
            ("l2_regularization_strength", L2RegularizationStrength),
            ("l2_shrinkage_regularization_strength", L2ShrinkageRegularizationStrength),
            ("beta", Beta));
}
