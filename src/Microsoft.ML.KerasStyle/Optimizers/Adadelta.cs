using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Adadelta</c>: per-parameter steps from moving averages of squared gradients and squared updates
/// (<c>a = ρ·a + (1 − ρ)·g²</c>; <c>Δ = −√(d + ε)·g / √(a + ε)</c>; <c>d = ρ·d + (1 − ρ)·Δ²</c>; <c>w += lr·Δ</c>).
/// Keras keeps a learning rate (default 0.001) where the paper's method has none; use 1.0 for the original.
/// </summary>
public sealed class Adadelta : Optimizer
{
    readonly Dictionary<Variable, Variable> accumulatedGrads = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> accumulatedDeltaVars = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="rho">Decay rate of the moving averages, in [0, 1]. Defaults to 0.95.</param>
    /// <param name="epsilon">Small constant added inside both square roots. Defaults to 1e-7.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>adadelta</c>.</param>
    public Adadelta(
        LearningRateSchedule? learningRate = null,
        double rho = 0.95,
        double epsilon = 1e-7,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Rho = OptimizerArguments.UnitInterval(rho, nameof(rho), Name);
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon), Name);
    }

    /// <summary>Decay rate of the moving averages.</summary>
    public double Rho { get; }

    /// <summary>Constant added inside the square roots.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras interleaves the slots per variable: accumulated_grad, accumulated_delta_var.
        foreach (var variable in variables)
        {
            accumulatedGrads[variable] = AddVariableFromReference(variable, "accumulated_grad");
            accumulatedDeltaVars[variable] = AddVariableFromReference(variable, "accumulated_delta_var");
        }
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var accumulatedGrad = accumulatedGrads[variable].Value;
        var accumulatedDelta = accumulatedDeltaVars[variable].Value;
        var epsilon = Scalars.Of(Epsilon);
        accumulatedGrad.mul_(Scalars.Of(Rho)).addcmul_(gradient, gradient, Scalars.Of(1 - Rho));
        // Δ = −√(d + ε)·g / √(a + ε), in one temporary.
        var delta = accumulatedDelta.add(epsilon).sqrt_().mul_(gradient).div_(accumulatedGrad.add(epsilon).sqrt_()).neg_();
        accumulatedDelta.mul_(Scalars.Of(Rho)).addcmul_(delta, delta, Scalars.Of(1 - Rho));
        variable.Value.add_(delta, Scalars.Of(learningRate));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("rho", Rho), ("epsilon", Epsilon));
}
