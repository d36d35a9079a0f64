using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>RMSprop</c>: divides the gradient by a moving root mean square of past gradients. Keras puts
/// <c>epsilon</c> inside the square root (<c>lr·g / √(v + ε)</c>) where torch.optim.RMSprop adds it outside, and its
/// momentum accumulates the already scaled increment.
/// </summary>
public sealed class RMSprop : Optimizer
{
    readonly Dictionary<Variable, Variable> velocities = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> averageGradients = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="rho">Discount factor of the moving averages, in [0, 1]. Defaults to 0.9.</param>
    /// <param name="momentum">Momentum factor; 0 turns momentum off. Defaults to 0.</param>
    /// <param name="epsilon">Small constant added to the mean square before the square root. Defaults to 1e-7.</param>
    /// <param name="centered">Whether to normalise by the estimated variance of the gradient instead of its second moment. Defaults to false.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>rm_sprop</c> (Keras's snake_case of the class name).</param>
    public RMSprop(
        LearningRateSchedule? learningRate = null,
        double rho = 0.9,
        double momentum = 0.0,
        double epsilon = 1e-7,
        bool centered = false,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Rho = OptimizerArguments.UnitInterval(rho, nameof(rho), Name);
        Momentum = OptimizerArguments.NonNegative(momentum, nameof(momentum), Name);
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon), Name);
        Centered = centered;
    }

    /// <summary>Discount factor of the moving averages.</summary>
    public double Rho { get; }

    /// <summary>Momentum factor (0: no momentum).</summary>
    public double Momentum { get; }

    /// <summary>Constant added inside the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras's order: every velocity, then every momentum, then every average gradient.
        foreach (var variable in variables) velocities[variable] = AddVariableFromReference(variable, "velocity");
        if (Momentum > 0)
            foreach (var variable in variables) momentums[variable] = AddVariableFromReference(variable, "momentum");
        if (Centered)
            foreach (var variable in variables) averageGradients[variable] = AddVariableFromReference(variable, "average_gradient");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var velocity = velocities[variable].Value;
        // Keras's formula with fused in-place kernels (as torch.optim writes its RMSprop): each fresh temporary the
        // size of a weight costs an allocation and page faults, which cost more than the arithmetic.
        // Constants come from Scalars, made once (a number passed to torch becomes a new native scalar per call).
        velocity.mul_(Scalars.Of(Rho)).addcmul_(gradient, gradient, Scalars.Of(1 - Rho));
        Tensor denominator;
        if (Centered)
        {
            var averageGradient = averageGradients[variable].Value;
            averageGradient.mul_(Scalars.Of(Rho)).add_(gradient, Scalars.Of(1 - Rho));
            denominator = velocity.addcmul(averageGradient, averageGradient, Scalars.Of(-1.0)).add_(Scalars.Of(Epsilon)).sqrt_();
        }
        else
        {
            denominator = velocity.add(Scalars.Of(Epsilon)).sqrt_();
        }
        if (Momentum > 0)
        {
            var m = momentums[variable].Value;
            m.mul_(Scalars.Of(Momentum)).addcdiv_(gradient, denominator, Scalars.Of(learningRate));
            variable.Value.sub_(m);
        }
        else
        {
            variable.Value.addcdiv_(gradient, denominator, Scalars.Of(-learningRate));
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("rho", Rho), ("momentum", Momentum), ("epsilon", Epsilon), ("centered", Centered));
}
