using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's GlobalAveragePooling2D: the mean over height and width per channel, (batch, height, width, channels) →
/// (batch, channels), or (batch, 1, 1, channels) with <paramref name="keepdims"/>. With <c>channels_first</c> inputs
/// are (batch, channels, height, width) and outputs (batch, channels) or (batch, channels, 1, 1).
/// </summary>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>. Defaults to <c>channels_last</c>.</param>
/// <param name="keepdims">Whether to keep the spatial axes with size 1. Defaults to false.</param>
/// <param name="name">Layer name. Defaults to <c>global_average_pooling2d</c>, <c>global_average_pooling2d_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class GlobalAveragePooling2D(string? dataFormat = null, bool keepdims = false, string? name = null, string dtype = "float32")
    : Layer(name, dtype: dtype)
{
    static readonly InputSpec Spec = new() { Ndim = 4 };

    /// <summary><c>channels_last</c> (batch, height, width, channels) or <c>channels_first</c> (batch, channels, height, width).</summary>
    public string DataFormat { get; } = ConvUtils.DataFormat(dataFormat, nameof(GlobalAveragePooling2D));

    /// <summary>Whether the spatial axes are kept with size 1.</summary>
    public bool Keepdims { get; } = keepdims;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        InputSpec = Spec; // checked on every call, with the shape actually received
        Built = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) =>
        DataFormat == "channels_last" ? inputs.mean([1, 2], Keepdims) : inputs.mean([2, 3], Keepdims);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        Spec.Check(this, 0, inputShape);
        if (DataFormat == "channels_last")
            return Keepdims ? [inputShape[0], 1, 1, inputShape[3]] : [inputShape[0], inputShape[3]];
        return Keepdims ? [inputShape[0], inputShape[1], 1, 1] : [inputShape[0], inputShape[1]];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["data_format"] = DataFormat,
        ["keepdims"] = Keepdims,
    };
}
