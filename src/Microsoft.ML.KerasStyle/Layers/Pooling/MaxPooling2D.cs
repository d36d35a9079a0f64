using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's MaxPooling2D: the maximum of each <paramref name="poolSize"/> window per channel. Inputs are
/// (batch, height, width, channels), or (batch, channels, height, width) with <c>channels_first</c>.
/// </summary>
/// <param name="poolSize">Window (height, width): an int for a square window, or <c>(h, w)</c>. Defaults to 2.</param>
/// <param name="strides">Step (height, width): an int or <c>(h, w)</c>. Defaults to <paramref name="poolSize"/>.</param>
/// <param name="padding"><c>valid</c> (none) or <c>same</c> (output size ceil(in / stride); padded positions are
/// ignored and the extra row/column of an odd total padding goes to the bottom/right). Defaults to <c>valid</c>.</param>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>. Defaults to <c>channels_last</c>.</param>
/// <param name="name">Layer name. Defaults to <c>max_pooling2d</c>, <c>max_pooling2d_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class MaxPooling2D(IntTuple? poolSize = null, IntTuple? strides = null, string padding = "valid", string? dataFormat = null, string? name = null,
                          string dtype = "float32")
    : BasePooling(2, poolSize ?? 2, strides, padding, dataFormat, name, dtype)
{
    /// <inheritdoc/>
    protected override Tensor PoolValid(Tensor channelsFirst, long[] window, long[] strides) =>
        nn.functional.max_pool2d(channelsFirst, window, strides);

    // -inf never wins a max, so padded positions are ignored (Keras's torch backend pads by replication: same result).
    /// <inheritdoc/>
    protected override Tensor PoolSame(Tensor channelsFirst, long[] window, long[] strides, long[] pads) =>
        nn.functional.max_pool2d(nn.functional.pad(channelsFirst, pads, PaddingModes.Constant, double.NegativeInfinity), window, strides);
}
