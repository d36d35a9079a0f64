using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's AveragePooling2D: the mean of each <paramref name="poolSize"/> window per channel. With <c>same</c> padding
/// a border window averages only the input elements it covers (padding is not counted), as in Keras/TensorFlow.
/// Inputs are (batch, height, width, channels), or (batch, channels, height, width) with <c>channels_first</c>.
/// </summary>
/// <param name="poolSize">Window (height, width): an int for a square window, or <c>(h, w)</c>. Defaults to 2.</param>
/// <param name="strides">Step (height, width): an int or <c>(h, w)</c>. Defaults to <paramref name="poolSize"/>.</param>
/// <param name="padding"><c>valid</c> (none) or <c>same</c> (output size ceil(in / stride); the extra row/column of an
/// odd total padding goes to the bottom/right). Defaults to <c>valid</c>.</param>
/// <param name="dataFormat"><c>channels_last</c> or <c>channels_first</c>. Defaults to <c>channels_last</c>.</param>
/// <param name="name">Layer name. Defaults to <c>average_pooling2d</c>, <c>average_pooling2d_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class AveragePooling2D(IntTuple? poolSize = null, IntTuple? strides = null, string padding = "valid", string? dataFormat = null, string? name = null,
                              string dtype = "float32")
    : BasePooling(2, poolSize ?? 2, strides, padding, dataFormat, name, dtype)
{
    /// <inheritdoc/>
    protected override Tensor PoolValid(Tensor channelsFirst, long[] window, long[] strides) =>
        nn.functional.avg_pool2d(channelsFirst, window, strides);

    // Sum over the zero-padded input divided by the number of real elements in each window: the window mean of the
    // zero-padded input over the window mean of a zero-padded map of ones.
    /// <inheritdoc/>
    protected override Tensor PoolSame(Tensor channelsFirst, long[] window, long[] strides, long[] pads)
    {
        var padded = nn.functional.pad(channelsFirst, pads);
        using var ones = torch.ones([1, 1, channelsFirst.shape[2], channelsFirst.shape[3]], channelsFirst.dtype, channelsFirst.device);
        using var paddedOnes = nn.functional.pad(ones, pads);
        using var fraction = nn.functional.avg_pool2d(paddedOnes, window, strides);
        return nn.functional.avg_pool2d(padded, window, strides) / fraction;
    }
}
