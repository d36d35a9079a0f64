using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>Adagrad</c>: per-parameter rates scaled by the accumulated squared gradients
/// (<c>acc += g²; w −= lr·g / √(acc + ε)</c>, ε inside the square root).
/// </summary>
public sealed class Adagrad : Optimizer
{
    readonly Dictionary<Variable, Variable> accumulators = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.001.</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators, non-negative. Defaults to 0.1.</param>
    /// <param name="epsilon">Small constant added to the accumulator before the square root. Defaults to 1e-7.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>adagrad</c>.</param>
    public Adagrad(
        LearningRateSchedule? learningRate = null,
        double initialAccumulatorValue = 0.1,
        double epsilon = 1e-7,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        InitialAccumulatorValue = OptimizerArguments.NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue), Name);
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon), Name);
    }

    /// <summary>Starting value of the accumulators.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>Constant added inside the square root.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        foreach (var variable in variables)
            accumulators[variable] = AddVariableFromReference(variable, "accumulator", InitialAccumulatorValue);
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        var accumulator = accumulators[variable].Value;
        accumulator.addcmul_(gradient, gradient, 1);
        variable.Value.addcdiv_(gradient, accumulator.add(Epsilon).sqrt_(), -learningRate);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("initial_accumulator_value", InitialAccumulatorValue), ("epsilon", Epsilon));
}
