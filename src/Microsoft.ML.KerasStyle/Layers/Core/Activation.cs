using Microsoft.ML.KerasStyle.Activations;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>Keras's Activation layer: applies an activation function; the output shape equals the input shape.</summary>
/// <param name="activation">Activation by Keras name or object.</param>
/// <param name="name">Layer name. Defaults to <c>activation</c>, <c>activation_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class Activation(ActivationFunction activation, string? name = null, string dtype = "float32") : Layer(name, dtype: dtype)
{
    /// <summary>The activation applied.</summary>
    public ActivationFunction Function { get; } = activation ?? throw new ArgumentNullException(nameof(activation));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Function.Apply(inputs);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["activation"] = Function.Name };
}
