using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's BatchNormalization: normalises its inputs per feature of <paramref name="axis"/> (per channel for
/// channels-last images), then scales by <c>gamma</c> and shifts by <c>beta</c>.
/// <para>
/// In training (<c>training: true</c> and the layer trainable) it uses the mean and the biased variance of the current
/// batch over every axis but <paramref name="axis"/>, and updates the moving statistics as Keras does:
/// <c>moving = moving * momentum + batch_statistic * (1 - momentum)</c> (the moving variance follows the biased batch
/// variance). In inference, or when the layer is frozen (<see cref="Layer.Trainable"/> false, as in Keras 3), it
/// computes <c>(x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta</c>.
/// </para>
/// <para>Weights, in Keras's order: <c>gamma</c>, <c>beta</c> (trainable), <c>moving_mean</c>, <c>moving_variance</c> (non-trainable).</para>
/// </summary>
/// <param name="axis">The feature axis (usually the channels axis). Defaults to -1 (the last).</param>
/// <param name="momentum">Momentum of the moving average. Defaults to 0.99.</param>
/// <param name="epsilon">Small value added to the variance to avoid dividing by zero. Defaults to 1e-3.</param>
/// <param name="center">Whether to add the offset <c>beta</c>. Defaults to true.</param>
/// <param name="scale">Whether to multiply by <c>gamma</c>. Defaults to true.</param>
/// <param name="betaInitializer">Initializer of <c>beta</c>. Defaults to <c>zeros</c>.</param>
/// <param name="gammaInitializer">Initializer of <c>gamma</c>. Defaults to <c>ones</c>.</param>
/// <param name="movingMeanInitializer">Initializer of <c>moving_mean</c>. Defaults to <c>zeros</c>.</param>
/// <param name="movingVarianceInitializer">Initializer of <c>moving_variance</c>. Defaults to <c>ones</c>.</param>
/// <param name="betaRegularizer">Penalty on <c>beta</c>, added to the loss. Defaults to none.</param>
/// <param name="gammaRegularizer">Penalty on <c>gamma</c>, added to the loss. Defaults to none.</param>
/// <param name="betaConstraint">Projection of <c>beta</c> after each optimizer update. Defaults to none.</param>
/// <param name="gammaConstraint">Projection of <c>gamma</c> after each optimizer update. Defaults to none.</param>
/// <param name="name">Layer name. Defaults to <c>batch_normalization</c>, <c>batch_normalization_1</c>, ….</param>
/// <param name="trainable">Whether the layer is trained; a frozen BatchNormalization runs in inference mode. Defaults to true.</param>
/// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
public class BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
                                Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                                Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null,
                                Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                                Constraint? betaConstraint = null, Constraint? gammaConstraint = null,
                                string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The feature axis, as given (possibly negative).</summary>
    public int Axis { get; } = axis;

    /// <summary>Momentum of the moving average.</summary>
    public double Momentum { get; } = double.IsFinite(momentum)
        ? momentum
        : throw new ArgumentException($"BatchNormalization: momentum must be a finite number, received {momentum}.", nameof(momentum));

    /// <summary>Value added to the variance.</summary>
    public double Epsilon { get; } = double.IsFinite(epsilon) && epsilon >= 0
        ? epsilon
        : throw new ArgumentException($"BatchNormalization: epsilon must be a non-negative number, received {epsilon}.", nameof(epsilon));

    /// <summary>Whether <c>beta</c> is added.</summary>
    public bool Center { get; } = center;

    /// <summary>Whether the output is multiplied by <c>gamma</c>.</summary>
    public bool Scale { get; } = scale;

    /// <summary>Initializer of <c>beta</c>.</summary>
    public Initializer BetaInitializer { get; } = betaInitializer ?? new Zeros();

    /// <summary>Initializer of <c>gamma</c>.</summary>
    public Initializer GammaInitializer { get; } = gammaInitializer ?? new Ones();

    /// <summary>Initializer of <c>moving_mean</c>.</summary>
    public Initializer MovingMeanInitializer { get; } = movingMeanInitializer ?? new Zeros();

    /// <summary>Initializer of <c>moving_variance</c>.</summary>
    public Initializer MovingVarianceInitializer { get; } = movingVarianceInitializer ?? new Ones();

    /// <summary>Penalty on <c>beta</c>, or null.</summary>
    public Regularizer? BetaRegularizer { get; } = betaRegularizer;

    /// <summary>Penalty on <c>gamma</c>, or null.</summary>
    public Regularizer? GammaRegularizer { get; } = gammaRegularizer;

    /// <summary>Projection of <c>beta</c> after each update, or null.</summary>
    public Constraint? BetaConstraint { get; } = betaConstraint;

    /// <summary>Projection of <c>gamma</c> after each update, or null.</summary>
    public Constraint? GammaConstraint { get; } = gammaConstraint;

    /// <summary>The scale, once built (null when <see cref="Scale"/> is false).</summary>
    public Variable? Gamma { get; private set; }

    /// <summary>The offset, once built (null when <see cref="Center"/> is false).</summary>
    public Variable? Beta { get; private set; }

    /// <summary>The moving mean used in inference, once built.</summary>
    public Variable? MovingMean { get; private set; }

    /// <summary>The moving variance used in inference, once built.</summary>
    public Variable? MovingVariance { get; private set; }

    string Owner => $"Layer \"{Name}\" (BatchNormalization)";

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        var axis = Shapes.Axis(Axis, inputShape.Length, Owner);
        if (inputShape[axis] is not { } features)
            throw new ArgumentException($"{Owner} needs a known size on axis {Axis}, received input shape {Shapes.Format(inputShape)}.");
        if (Scale) Gamma = AddWeight("gamma", [features], GammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint);
        if (Center) Beta = AddWeight("beta", [features], BetaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint);
        MovingMean = AddWeight("moving_mean", [features], MovingMeanInitializer, trainable: false);
        MovingVariance = AddWeight("moving_variance", [features], MovingVarianceInitializer, trainable: false);
        InputSpec = new InputSpec { Ndim = inputShape.Length, Axes = new Dictionary<int, int> { [Axis] = features } };
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var rank = (int)inputs.dim();
        var axis = Shapes.Axis(Axis, rank, Owner);
        var broadcast = Enumerable.Repeat(1L, rank).ToArray();
        broadcast[axis] = inputs.shape[axis];

        Tensor mean, variance;
        if (training && Trainable)
        {
            var reduction = Enumerable.Range(0, rank).Where(d => d != axis).Select(d => (long)d).ToArray();
            // Batch moments: mean, and the biased variance (mean of squared deviations), per feature.
            var batchMean = inputs.mean(reduction, keepdim: true);
            var batchVariance = (inputs - batchMean).square().mean(reduction, keepdim: true);
            mean = batchMean;
            variance = batchVariance;
            using (no_grad())
            {
                var m = batchMean.detach().reshape(broadcast[axis]).to(MovingMean!.Value.dtype);
                var v = batchVariance.detach().reshape(broadcast[axis]).to(MovingVariance!.Value.dtype);
                MovingMean.Assign(MovingMean.Value * Momentum + m * (1.0 - Momentum));
                MovingVariance.Assign(MovingVariance.Value * Momentum + v * (1.0 - Momentum));
            }
        }
        else
        {
            mean = MovingMean!.Value.to(inputs.dtype).reshape(broadcast);
            variance = MovingVariance!.Value.to(inputs.dtype).reshape(broadcast);
        }

        // As Keras: (x - mean) * (rsqrt(variance + epsilon) * gamma) + beta.
        var factor = (variance + Epsilon).rsqrt();
        if (Gamma is not null) factor = factor * Gamma.Value.to(inputs.dtype).reshape(broadcast);
        var output = (inputs - mean) * factor;
        if (Beta is not null) output = output + Beta.Value.to(inputs.dtype).reshape(broadcast);
        return output;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        Shapes.Axis(Axis, inputShape.Length, Owner); // validates
        return (int?[])inputShape.Clone();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["axis"] = Axis,
        ["momentum"] = Momentum,
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["beta_initializer"] = BetaInitializer.Serialize(),
        ["gamma_initializer"] = GammaInitializer.Serialize(),
        ["moving_mean_initializer"] = MovingMeanInitializer.Serialize(),
        ["moving_variance_initializer"] = MovingVarianceInitializer.Serialize(),
        ["beta_regularizer"] = BetaRegularizer?.Serialize(),
        ["gamma_regularizer"] = GammaRegularizer?.Serialize(),
        ["beta_constraint"] = BetaConstraint?.Serialize(),
        ["gamma_constraint"] = GammaConstraint?.Serialize(),
        ["synchronized"] = false,
        ["renorm"] = false,
        ["renorm_clipping"] = null,
        ["renorm_momentum"] = 0.99,
    };
}
