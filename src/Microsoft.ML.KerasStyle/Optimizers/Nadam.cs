using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Nadam</c>: Adam with Nesterov momentum and Dozat's momentum schedule
/// <c>μₜ = β₁·(1 − ½·0.96ᵗ)</c>. Besides a momentum and a velocity per variable it keeps the running product of the
/// μₜ (Keras's <c>_u_product</c>), created after them, so it is the last of <see cref="Optimizer.Variables"/>.
/// </summary>
public sealed class Nadam : Optimizer
{
    const double MomentumScheduleDecay = 0.96;

    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> velocities = new(ReferenceEqualityComparer.Instance);
    Variable? uProduct;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimates, in [0, 1). Defaults to 0.9.</param>
    /// <param name="beta2">Decay rate of the second-moment estimates, in [0, 1). Defaults to 0.999.</param>
    /// <param name="epsilon">Small constant added to √v̂. Defaults to 1e-7.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>nadam</c>.</param>
    public Nadam(
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
        Beta2 = OptimizerArguments.Fraction(beta2, nameof(beta2), Name);
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon), Name);
    }

    /// <summary>Decay rate of the first-moment estimates.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimates.</summary>
    public double Beta2 { get; }

    /// <summary>Constant added to √v̂.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        foreach (var variable in variables)
        {
            momentums[variable] = AddVariableFromReference(variable, "momentum");
            velocities[variable] = AddVariableFromReference(variable, "velocity");
        }
        // Keras makes u_product a scalar of the first variable's dtype, starting at 1.
        var dtype = variables.Count > 0 ? variables[0].Value.dtype : ScalarType.Float32;
        uProduct = AddVariable("u_product", ones([], dtype));
    }

    long currentStep;

    // Keras multiplies μₜ into u_product once per update, before the per-variable steps.
    /// <inheritdoc/>
    protected override void BeforeUpdateSteps(double learningRate)
    {
        currentStep = IterationCount + 1;
        uProduct!.Value.mul_(Beta1 * (1 - 0.5 * Math.Pow(MomentumScheduleDecay, currentStep)));
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var step = currentStep;
        var uT = Beta1 * (1 - 0.5 * Math.Pow(MomentumScheduleDecay, step));
        var uTNext = Beta1 * (1 - 0.5 * Math.Pow(MomentumScheduleDecay, step + 1));
        var productT = uProduct!.Value.to(variable.Value.dtype);
        var productNext = productT * uTNext;
        var beta2Power = Math.Pow(Beta2, step);

        var m = momentums[variable].Value;
        var v = velocities[variable].Value;
        m.lerp_(gradient, 1 - Beta1); // m += (g − m)(1 − β1), fused
        v.mul_(Beta2).addcmul_(gradient, gradient, 1 - Beta2); // v += (g² − v)(1 − β2), fused
        var mHat = m * uTNext / (1 - productNext) + gradient * (1 - uT) / (1 - productT);
        var vHat = v / (1 - beta2Power);
        variable.Value.sub_(mHat * learningRate / (vHat.sqrt() + Epsilon));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("beta_1", Beta1), ("beta_2", Beta2), ("epsilon", Epsilon));
}
