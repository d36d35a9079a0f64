using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// GlobalAveragePooling2D: the mean over height and width. After a convolution (channels-first form at hand) ONNX
/// <c>GlobalAveragePool</c> gives (batch, channels, 1, 1), then <c>Flatten</c> or a transpose to (batch, 1, 1, channels);
/// otherwise <c>ReduceMean</c> over the spatial axes.
/// </summary>
internal sealed class GlobalAveragePooling2DExporter : LayerExporter<GlobalAveragePooling2D>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(GlobalAveragePooling2D layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        var channelsLast = layer.DataFormat == "channels_last";
        if (channelsLast && x.ChannelsFirst is { } channelsFirst)
        {
            var pooled = b.Node("GlobalAveragePool", [channelsFirst]);
            pooled.Shape = [channelsFirst.Shape![0], channelsFirst.Shape[1], 1, 1];
            return layer.Keepdims ? b.ToChannelsLast(pooled) : b.Node("Flatten", [pooled], OnnxAttributes.Int("axis", 1));
        }
        return b.ReduceMean(x, channelsLast ? [1, 2] : [2, 3], layer.Keepdims);
    }
}
