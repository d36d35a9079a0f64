using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's ELU layer: <c>x</c> where <c>x &gt; 0</c>, <c>alpha · (exp(x) - 1)</c> elsewhere; the output shape equals
/// the input shape.
/// </summary>
/// <param name="alpha">The scale of the negative part. Defaults to 1.</param>
/// <param name="name">Layer name. Defaults to <c>elu</c>, <c>elu_1</c>, ….</param>
/// <param name="trainable">Whether the layer is trainable (it has no weights). Defaults to true.</param>
/// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class ELU(double alpha = 1.0, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; } = double.IsFinite(alpha) ? alpha : throw new ArgumentException($"ELU: alpha must be a finite number. Received: alpha={alpha}", nameof(alpha));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => nn.functional.elu(inputs, Alpha);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    /// <remarks>Keras 3's ELU writes no <c>alpha</c> (its files load with 1.0); this library writes it, which Keras reads.</remarks>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["alpha"] = Alpha };
}
