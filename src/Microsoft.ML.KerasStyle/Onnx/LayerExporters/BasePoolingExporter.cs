using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// The 2-D pooling layers: an ONNX pooling operator on channels-first data (reusing the previous convolution's
/// channels-first output), with the layer's window, strides and <c>same</c> pads; the result is transposed back to
/// channels-last only if a later layer needs that form.
/// </summary>
internal abstract class BasePoolingExporter<TLayer> : LayerExporter<TLayer> where TLayer : BasePooling
{
    /// <summary>The ONNX operator.</summary>
    protected abstract string OpType { get; }

    /// <summary>Attributes beyond window, strides and padding.</summary>
    protected virtual IEnumerable<Proto.AttributeProto> ExtraAttributes => [];

    /// <inheritdoc/>
    protected override OnnxValue Export(TLayer layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var channelsLast = layer.DataFormat == "channels_last";
        var x = context.CastToLayerDtype(layer, input);
        var channelsFirst = channelsLast ? b.ToChannelsFirst(x) : x;
        var ones = Enumerable.Repeat(1, layer.PoolDimensions).ToArray();
        var pads = SpatialPadding.Pads(layer.Padding, SpatialPadding.SpatialSizes(x.Shape!, layer.DataFormat), layer.PoolSize, layer.Strides, ones);
        var outputShape = context.OutputShapes[0];
        var y = b.Node(OpType, [channelsFirst], channelsFirst.ElemType,
                       channelsLast ? BaseConvExporter<Conv2D>.ToChannelsFirstShape(outputShape) : outputShape,
                       [OnnxAttributes.Ints("kernel_shape", layer.PoolSize), OnnxAttributes.Ints("strides", layer.Strides),
                        SpatialPadding.Attribute(pads), .. ExtraAttributes]);
        return channelsLast ? b.ToChannelsLast(y) : y;
    }
}
