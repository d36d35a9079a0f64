using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Lion</c> (Chen et al., 2023): every weight moves by exactly <c>lr</c> in the direction of the sign of an
/// interpolation of momentum and gradient (<c>w −= lr·sign(β₁·m + (1 − β₁)·g)</c>), then the momentum is updated with
/// β₂ (<c>m = β₂·m + (1 − β₂)·g</c>). Its steps are larger than Adam's: use a learning rate 3–10 times smaller.
/// </summary>
public sealed class Lion : Optimizer
{
    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="beta1">Interpolation of momentum and gradient in the update direction, in (0, 1]. Defaults to 0.9.</param>
    /// <param name="beta2">Decay rate of the momentum, in [0, 1]. Defaults to 0.99.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>lion</c>.</param>
    public Lion(
        LearningRateSchedule? learningRate = null,
        double beta1 = 0.9,
        double beta2 = 0.99,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        // Keras: β₁ = 0 would make Lion plain sign SGD.
        Beta1 = beta1 is > 0 and <= 1
            ? beta1
            : throw new ArgumentException(
                $"Optimizer '{Name}': beta1 must be in (0, 1] (otherwise the optimizer degenerates to SignSGD), received {beta1}.", nameof(beta1));
        Beta2 = OptimizerArguments.UnitInterval(beta2, nameof(beta2), Name);
    }

    /// <summary>Interpolation of momentum and gradient in the update direction.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the momentum.</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        foreach (var variable in variables) momentums[variable] = AddVariableFromReference(variable, "momentum");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var m = momentums[variable].Value;
        var direction = m.mul(Scalars.Of(Beta1)).add_(gradient, Scalars.Of(1 - Beta1)).sign_();
        variable.Value.add_(direction, Scalars.Of(-learningRate));
        m.mul_(Scalars.Of(Beta2)).add_(gradient, Scalars.Of(1 - Beta2));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("beta_1", Beta1), ("beta_2", Beta2));
}
