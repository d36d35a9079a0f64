using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// Keras's <c>SGD</c>: gradient descent with optional (Nesterov) momentum. With momentum Keras keeps a velocity that
/// already includes the learning rate (<c>m = momentum·m − lr·g; w += m</c>), unlike torch.optim.SGD.
/// </summary>
public sealed class SGD : Optimizer
{
    readonly Dictionary<Variable, Variable> momentums = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">A number or a schedule. Defaults to 0.01.</param>
    /// <param name="momentum">How much of the previous step carries over, in [0, 1]. Defaults to 0.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum. Defaults to false.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to <c>sgd</c>.</param>
    public SGD(
        LearningRateSchedule? learningRate = null,
        double momentum = 0.0,
        bool nesterov = false,
        double? weightDecay = null,
        double? clipnorm = null,
        double? clipvalue = null,
        double? globalClipnorm = null,
        string? name = null)
        : base(learningRate ?? 0.01, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Momentum = OptimizerArguments.UnitInterval(momentum, nameof(momentum), Name);
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void BuildSlots(IReadOnlyList<Variable> variables)
    {
        // Keras creates the "momentum" slots only when momentum is non-zero.
        if (Momentum == 0) return;
        foreach (var variable in variables) momentums[variable] = AddVariableFromReference(variable, "momentum");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        if (Momentum == 0)
        {
            variable.Value.add_(gradient, -learningRate);
            return;
        }
        var m = momentums[variable].Value;
        m.mul_(Momentum).add_(gradient, -learningRate);
        if (Nesterov) variable.Value.add_(m, Momentum).add_(gradient, -learningRate);
        else variable.Value.add_(m);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        OptimizerArguments.Extend(base.GetConfig(), ("momentum", Momentum), ("nesterov", Nesterov));
}
