using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Rescaling: <c>inputs * scale + offset</c> on every value, in training and inference alike. Integer inputs
/// (e.g. uint8 images) are cast to the layer's dtype first, so the output is always of that dtype (float32 by default);
/// the shape is unchanged.
/// For [0, 255] → [0, 1] use <c>scale: 1 / 255.0</c>; for [0, 255] → [-1, 1] use <c>scale: 1 / 127.5, offset: -1</c>.
/// </summary>
/// <param name="scale">The factor every value is multiplied by.</param>
/// <param name="offset">The value added after scaling. Defaults to 0.</param>
/// <param name="name">Layer name. Defaults to <c>rescaling</c>, <c>rescaling_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
public class Rescaling(double scale, double offset = 0.0, string? name = null, string dtype = "float32") : Layer(name, dtype: dtype)
{
    /// <summary>The factor every value is multiplied by.</summary>
    public double Scale { get; } = scale;

    /// <summary>The value added after scaling.</summary>
    public double Offset { get; } = offset;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        // Keras casts scale and offset to the compute dtype (float32) before the arithmetic.
        var type = inputs.dtype;
        using var scaleTensor = tensor(Scale, dtype: type, device: inputs.device);
        using var offsetTensor = tensor(Offset, dtype: type, device: inputs.device);
        return inputs * scaleTensor + offsetTensor;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => (int?[])inputShape.Clone();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["scale"] = Scale,
        ["offset"] = Offset,
    };
}
