using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Adamax</c>: Adam with the infinity norm in place of the second moment
/// (<c>m += (g − m)(1 − β₁)</c>; <c>u = max(β₂·u, |g|)</c>; <c>w −= lr·m / ((1 − β₁ᵗ)(u + ε))</c>, ε added to the norm).
/// </summary>
public sealed class Adamax : Optimizer
{
    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> norms = new(ReferenceEqualityComparer.Instance);
    Scalar? stepSize;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimates, in [0, 1). Defaults to 0.9.</param>
    /// <param name="beta2">Decay rate of the infinity norm, in [0, 1]. Defaults to 0.999.</param>
    /// <param name="epsilon">Small constant added to the norm. Defaults to 1e-7.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>adamax</c>.</param>
    public Adamax(
        LearningRateSchedule? learningRate = null,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-7,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = OptimizerArguments.Fraction(beta1, nameof(beta1), Name);
        Beta2 = OptimizerArguments.UnitInterval(beta2, nameof(beta2), Name);
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon), Name);
    }

    /// <summary>Decay rate of the first-moment estimates.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the infinity norm.</summary>
    public double Beta2 { get; }

    /// <summary>Constant added to the norm.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras interleaves the slots per variable: momentum, norm.
        foreach (var variable in variables)
        {
            momentums[variable] = AddVariableFromReference(variable, "momentum");
            norms[variable] = AddVariableFromReference(variable, "norm");
        }
    }

    // The step size −lr / (1 − β₁ᵗ) changes every update; one scalar serves every variable of the update and is freed
    // by the next (constants come from Scalars).
    /// <inheritdoc/>
    protected override void BeforeUpdateSteps(double learningRate)
    {
        var step = IterationCount + 1;
        stepSize?.Dispose();
        stepSize = (-learningRate / (1 - Math.Pow(Beta1, step))).ToScalar();
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var m = momentums[variable].Value;
        var u = norms[variable].Value;
        // m += (g − m)(1 − β₁), as m·β₁ + g·(1 − β₁) in place (equal up to rounding; torch's lerp_ takes its weight as a tensor).
        m.mul_(Scalars.Of(Beta1)).add_(gradient, Scalars.Of(1 - Beta1));
        u.copy_(maximum(u.mul_(Scalars.Of(Beta2)), gradient.abs()));
        variable.Value.addcdiv_(m, u.add(Scalars.Of(Epsilon)), stepSize!);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("beta_1", Beta1), ("beta_2", Beta2), ("epsilon", Epsilon));
}
