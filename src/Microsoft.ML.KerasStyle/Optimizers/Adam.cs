using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Adam</c>. Keras folds both bias corrections into the step size
/// (<c>α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)</c>, <c>w −= α·m / (√v + ε)</c>), so its ε is the paper's "epsilon hat" and results
/// differ slightly from torch.optim.Adam's <c>m̂ / (√v̂ + ε)</c>.
/// </summary>
public class Adam : Optimizer
{
    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> velocities = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<Variable, Variable> velocityHats = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="beta1">Decay rate of the first-moment estimates, in [0, 1). Defaults to 0.9.</param>
    /// <param name="beta2">Decay rate of the second-moment estimates, in [0, 1). Defaults to 0.999.</param>
    /// <param name="epsilon">Small constant added to √v ("epsilon hat" in the paper). Defaults to 1e-7.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant (the running maximum of v). Defaults to false.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>adam</c>.</param>
    public Adam(
        LearningRateSchedule? learningRate = null,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double epsilon = 1e-7,
        bool amsgrad = false,
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
        Amsgrad = amsgrad;
    }

    /// <summary>Decay rate of the first-moment estimates.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimates.</summary>
    public double Beta2 { get; }

    /// <summary>Constant added to √v.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras interleaves momentum and velocity per variable, then adds every velocity_hat.
        foreach (var variable in variables)
        {
            momentums[variable] = AddVariableFromReference(variable, "momentum");
            velocities[variable] = AddVariableFromReference(variable, "velocity");
        }
        if (Amsgrad)
            foreach (var variable in variables) velocityHats[variable] = AddVariableFromReference(variable, "velocity_hat");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        // The iteration counter is incremented after all update steps, so this is Keras's iterations + 1.
        var step = IterationCount + 1;
        var alpha = learningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step));
        var m = momentums[variable].Value;
        var v = velocities[variable].Value;
        // Keras's formula with fused in-place kernels: m += (g − m)(1 − β1) is a lerp, v += (g² − v)(1 − β2) is
        // v·β2 + (1 − β2)·g·g; fresh weight-sized temporaries cost more than the arithmetic.
        m.lerp_(gradient, 1 - Beta1);
        v.mul_(Beta2).addcmul_(gradient, gradient, 1 - Beta2);
        if (Amsgrad)
        {
            var vHat = velocityHats[variable].Value;
            vHat.copy_(maximum(vHat, v));
            v = vHat;
        }
        variable.Value.addcdiv_(m, v.sqrt().add_(Epsilon), -alpha);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("beta_1", Beta1), ("beta_2", Beta2), ("epsilon", Epsilon), ("amsgrad", Amsgrad));
}
