using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's LeakyReLU layer: <c>x</c> where <c>x ≥ 0</c>, <c>negativeSlope · x</c> elsewhere; the output shape equals
/// the input shape. Its config holds <c>negative_slope</c>; configs written by Keras 2 name it <c>alpha</c>, which
/// loading accepts too.
/// </summary>
/// <param name="negativeSlope">The slope for negative inputs, ≥ 0. Defaults to 0.3, as in Keras.</param>
/// <param name="name">Layer name. Defaults to <c>leaky_re_lu</c>, <c>leaky_re_lu_1</c>, ….</param>
/// <param name="trainable">Whether the layer is trainable (it has no weights). Defaults to true.</param>
/// <param name="dtype">The dtype of the computations. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
[Saving.RenamedConfigKey("alpha", "negative_slope")]
public class LeakyReLU(double negativeSlope = 0.3, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope >= 0 && double.IsFinite(negativeSlope)
        ? negativeSlope
        : throw new ArgumentException(
            $"LeakyReLU: the negative_slope value of a Leaky ReLU layer cannot be negative or not finite. Expected a float ≥ 0. Received: negative_slope={negativeSlope}",
            nameof(negativeSlope));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => nn.functional.leaky_relu(inputs, NegativeSlope);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["negative_slope"] = NegativeSlope };
}
