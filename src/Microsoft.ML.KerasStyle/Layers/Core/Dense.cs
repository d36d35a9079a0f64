using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Initializers;
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
/// <param name="name">Layer name. Defaults to <c>dense</c>, <c>dense_1</c>, ….</param>
/// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
/// <param name="dtype">Weights' dtype. Defaults to <c>float32</c>.</param>
public class Dense(int units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
                   Initializer? biasInitializer = null, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
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

    /// <summary>The (in, units) weight matrix, once built.</summary>
    public Variable? Kernel { get; private set; }

    /// <summary>The bias, once built (null when <see cref="UseBias"/> is false).</summary>
    public Variable? Bias { get; private set; }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        if (inputShape.Length < 1 || inputShape[^1] is not { } inputDim)
            throw new ArgumentException($"Layer \"{Name}\" (Dense) needs a known last input dimension, received input shape {Backend.Shapes.Format(inputShape)}.");
        Kernel = AddWeight("kernel", [inputDim, Units], KernelInitializer);
        if (UseBias) Bias = AddWeight("bias", [Units], BiasInitializer);
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
        ["kernel_regularizer"] = null,
        ["bias_regularizer"] = null,
        ["kernel_constraint"] = null,
        ["bias_constraint"] = null,
    };
}
