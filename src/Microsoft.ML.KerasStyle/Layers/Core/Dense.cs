using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Dense: <c>activation(inputs · kernel + bias)</c> over the last axis, with kernel of shape (in, units).
/// </summary>
/// <param name="units">Size of the output's last axis.</param>
/// <param name="activation">Activation by Keras name or object. Defaults to none (linear).</param>
/// <param name="useBias">Whether to add a bias. Defaults to true.</param>
/// <param name="kernelInitializer">Kernel initializer. Defaults to <c>glorot_uniform</c>.</param>
/// <param name="biasInitializer">Bias initializer. Defaults to <c>zeros</c>.</param>
/// <param name="kernelRegularizer">Penalty on the kernel, added to the loss (e.g. <c>"l2"</c>, <c>new L1(1e-4)</c>). Defaults to none.</param>
/// <param name="biasRegularizer">Penalty on the bias. Defaults to none.</param>
/// <param name="activityRegularizer">Penalty on the output, divided by the batch size. Defaults to none.</param>
/// <param name="kernelConstraint">Projection of the kernel after each optimizer update (e.g. <c>"non_neg"</c>, <c>new MaxNorm(3)</c>). Defaults to none.</param>
/// <param name="biasConstraint">Projection of the bias after each optimizer update. Defaults to none.</param>
/// <param name="name">Layer name. Defaults to <c>dense</c>, <c>dense_1</c>, ….</param>
/// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
/// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
public class Dense(int units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                   Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                   Regularizer? activityRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                   string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype, activityRegularizer)
{
    /// <summary>Output size.</summary>
    public int Units { get; } = units > 0 ? units : throw new ArgumentException($"Dense: units must be positive, received {units}.", nameof(units));

    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; } = activation ?? ActivationFunctions.Linear;

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; } = useBias;

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; } = kernelInitializer ?? new GlorotUniform();

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; } = biasInitializer ?? new Zeros();

    /// <summary>Penalty on the kernel, or null.</summary>
    public Regularizer? KernelRegularizer { get; } = kernelRegularizer;

    /// <summary>Penalty on the bias, or null.</summary>
    public Regularizer? BiasRegularizer { get; } = biasRegularizer;

    /// <summary>Projection of the kernel after each update, or null.</summary>
    public Constraint? KernelConstraint { get; } = kernelConstraint;

    /// <summary>Projection of the bias after each update, or null.</summary>
    public Constraint? BiasConstraint { get; } = biasConstraint;

    /// <summary>The (in, units) weight matrix, once built.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The bias, once built (null when <see cref="UseBias"/> is false).</summary>
    public Variable? Bias { get; private set; }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        if (inputShape.Length < 1 || inputShape[^1] is not { } inputDim)
            throw new ArgumentException($"Layer \"{Name}\" (Dense) needs a known last input dimension, received input shape {Backend.Shapes.Format(inputShape)}.");
        Kernel = AddWeight("kernel", [inputDim, Units], KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias) Bias = AddWeight("bias", [Units], BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { MinNdim = 2, Axes = new Dictionary<int, int> { [-1] = inputDim } };
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var x = matmul(inputs, Kernel!.Value);
        if (Bias is not null) x = x + Bias.Value;
        return Activation.Apply(x);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], Units];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["units"] = Units,
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = KernelInitializer.Serialize(),
        ["bias_initializer"] = BiasInitializer.Serialize(),
        ["kernel_regularizer"] = KernelRegularizer?.Serialize(),
        ["bias_regularizer"] = BiasRegularizer?.Serialize(),
        ["kernel_constraint"] = KernelConstraint?.Serialize(),
        ["bias_constraint"] = BiasConstraint?.Serialize(),
    };
}
