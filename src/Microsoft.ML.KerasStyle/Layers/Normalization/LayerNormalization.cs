using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's LayerNormalization: normalises each sample independently over the axes in <c>axis</c>, with the mean and
/// the biased variance of those axes, then scales by <c>gamma</c> and shifts by <c>beta</c> (both shaped as the
/// normalised axes): <c>x * inv + (beta - mean * inv)</c> with <c>inv = gamma / sqrt(variance + epsilon)</c>.
/// The same in training and inference. Weights, in Keras's order: <c>gamma</c>, <c>beta</c>.
/// </summary>
/// <param name="axis">The axes to normalise over (any order, no duplicates; negative values count from the end).</param>
/// <param name="epsilon">Small value added to the variance to avoid dividing by zero. Defaults to 1e-3.</param>
/// <param name="center">Whether to add the offset <c>beta</c>. Defaults to true.</param>
/// <param name="scale">Whether to multiply by <c>gamma</c>. Defaults to true.</param>
/// <param name="betaInitializer">Initializer of <c>beta</c>. Defaults to <c>zeros</c>.</param>
/// <param name="gammaInitializer">Initializer of <c>gamma</c>. Defaults to <c>ones</c>.</param>
/// <param name="betaRegularizer">Penalty on <c>beta</c>, added to the loss. Defaults to none.</param>
/// <param name="gammaRegularizer">Penalty on <c>gamma</c>, added to the loss. Defaults to none.</param>
/// <param name="betaConstraint">Projection of <c>beta</c> after each optimizer update. Defaults to none.</param>
/// <param name="gammaConstraint">Projection of <c>gamma</c> after each optimizer update. Defaults to none.</param>
/// <param name="name">Layer name. Defaults to <c>layer_normalization</c>, <c>layer_normalization_1</c>, ….</param>
/// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
/// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
public class LayerNormalization(int[] axis, double epsilon = 1e-3, bool center = true, bool scale = true,
                                Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                                Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                                Constraint? betaConstraint = null, Constraint? gammaConstraint = null,
                                string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>Creates a LayerNormalization over one axis.</summary>
    /// <param name="axis">The axis to normalise over. Defaults to -1 (the last).</param>
    /// <param name="epsilon">Small value added to the variance to avoid dividing by zero. Defaults to 1e-3.</param>
    /// <param name="center">Whether to add the offset <c>beta</c>. Defaults to true.</param>
    /// <param name="scale">Whether to multiply by <c>gamma</c>. Defaults to true.</param>
    /// <param name="betaInitializer">Initializer of <c>beta</c>. Defaults to <c>zeros</c>.</param>
    /// <param name="gammaInitializer">Initializer of <c>gamma</c>. Defaults to <c>ones</c>.</param>
    /// <param name="betaRegularizer">Penalty on <c>beta</c>, added to the loss. Defaults to none.</param>
    /// <param name="gammaRegularizer">Penalty on <c>gamma</c>, added to the loss. Defaults to none.</param>
    /// <param name="betaConstraint">Projection of <c>beta</c> after each optimizer update. Defaults to none.</param>
    /// <param name="gammaConstraint">Projection of <c>gamma</c> after each optimizer update. Defaults to none.</param>
    /// <param name="name">Layer name. Defaults to <c>layer_normalization</c>, <c>layer_normalization_1</c>, ….</param>
    /// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
    /// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                              Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                              Constraint? betaConstraint = null, Constraint? gammaConstraint = null,
                              string? name = null, bool trainable = true, string dtype = "float32")
        : this([axis], epsilon, center, scale, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer, betaConstraint,
               gammaConstraint, name, trainable, dtype)
    {
        axisIsList = false;
    }

    readonly bool axisIsList = true;
    int[]? builtAxes;

    /// <summary>The axes as given (possibly negative); after <see cref="Build(int?[])"/>, see <see cref="NormalizedAxes"/>.</summary>
    public IReadOnlyList<int> Axis { get; } = axis is { Length: > 0 }
        ? (int[])axis.Clone()
        : throw new ArgumentException("LayerNormalization: axis must name at least one axis.", nameof(axis));

    /// <summary>The normalised axes, non-negative and sorted, once built (null before).</summary>
    public IReadOnlyList<int>? NormalizedAxes => builtAxes;

    /// <summary>Penalty on <c>beta</c>, or null.</summary>
    public Regularizer? BetaRegularizer { get; } = betaRegularizer;

    /// <summary>Penalty on <c>gamma</c>, or null.</summary>
    public Regularizer? GammaRegularizer { get; } = gammaRegularizer;

    /// <summary>Projection of <c>beta</c> after each update, or null.</summary>
    public Constraint? BetaConstraint { get; } = betaConstraint;

    /// <summary>Projection of <c>gamma</c> after each update, or null.</summary>
    public Constraint? GammaConstraint { get; } = gammaConstraint;

    /// <summary>Value added to the variance.</summary>
    public double Epsilon { get; } = double.IsFinite(epsilon) && epsilon >= 0
        ? epsilon
        : throw new ArgumentException($"LayerNormalization: epsilon must be a non-negative number, received {epsilon}.", nameof(epsilon));

    /// <summary>Whether <c>beta</c> is added.</summary>
    public bool Center { get; } = center;

    /// <summary>Whether the output is multiplied by <c>gamma</c>.</summary>
    public bool Scale { get; } = scale;

    /// <summary>Initializer of <c>beta</c>.</summary>
    public Initializer BetaInitializer { get; } = betaInitializer ?? new Zeros();

    /// <summary>Initializer of <c>gamma</c>.</summary>
    public Initializer GammaInitializer { get; } = gammaInitializer ?? new Ones();

    /// <summary>The scale, once built (null when <see cref="Scale"/> is false).</summary>
    public Variable? Gamma { get; private set; }

    /// <summary>The offset, once built (null when <see cref="Center"/> is false).</summary>
    public Variable? Beta { get; private set; }

    string Owner => $"Layer \"{Name}\" (LayerNormalization)";

    int[] Canonical(int rank)
    {
        var axes = Axis.Select(a => Shapes.Axis(a, rank, Owner)).ToArray();
        if (axes.Distinct().Count() != axes.Length)
            throw new ArgumentException($"{Owner}: duplicate axes are not allowed. Received: axis=[{string.Join(", ", Axis)}].");
        Array.Sort(axes);
        return axes;
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        var axes = Canonical(inputShape.Length);
        var shape = new int?[axes.Length];
        for (var i = 0; i < axes.Length; i++)
            shape[i] = inputShape[axes[i]]
                ?? throw new ArgumentException($"{Owner} needs known sizes on the normalised axes, received input shape {Shapes.Format(inputShape)}.");
        builtAxes = axes;
        if (Scale) Gamma = AddWeight("gamma", shape, GammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint);
        if (Center) Beta = AddWeight("beta", shape, BetaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint);
        InputSpec = new InputSpec
        {
            MinNdim = axes[^1] + 1,
            Axes = axes.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => shape[p.i]!.Value),
        };
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var rank = (int)inputs.dim();
        var axes = builtAxes ?? Canonical(rank);
        var dims = axes.Select(a => (long)a).ToArray();
        var broadcast = Enumerable.Repeat(1L, rank).ToArray();
        foreach (var a in axes) broadcast[a] = inputs.shape[a];

        // Mean and biased variance over the normalised axes, then Keras's fused form x * inv + (beta - mean * inv).
        var mean = inputs.mean(dims, keepdim: true);
        var variance = (inputs - mean).square().mean(dims, keepdim: true);
        var inv = (variance + Epsilon).rsqrt();
        if (Gamma is not null) inv = inv * Gamma.Value.to(inputs.dtype).reshape(broadcast);
        var offset = -mean * inv;
        if (Beta is not null) offset = offset + Beta.Value.to(inputs.dtype).reshape(broadcast);
        return inputs * inv + offset;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        Canonical(inputShape.Length); // validates
        return (int?[])inputShape.Clone();
    }

    /// <summary>
    /// Keras's config. As in Keras, <c>axis</c> is the value given (an int or a list) before the layer is built, and the
    /// sorted non-negative list of normalised axes after.
    /// </summary>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["axis"] = builtAxes is not null ? builtAxes.ToArray() : axisIsList ? Axis.ToArray() : Axis[0],
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["rms_scaling"] = false,
        ["beta_initializer"] = BetaInitializer.Serialize(),
        ["gamma_initializer"] = GammaInitializer.Serialize(),
        ["beta_regularizer"] = BetaRegularizer?.Serialize(),
        ["gamma_regularizer"] = GammaRegularizer?.Serialize(),
        ["beta_constraint"] = BetaConstraint?.Serialize(),
        ["gamma_constraint"] = GammaConstraint?.Serialize(),
    };
}
