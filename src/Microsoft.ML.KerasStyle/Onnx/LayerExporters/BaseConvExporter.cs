using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Conv1D and Conv2D: ONNX <c>Conv</c>, which is channels-first. Channels-last data are transposed to (batch, channels,
/// spatial…) — reusing the channels-first form when the previous layer made one, so stacked convolutions and pooling
/// need no transposes in between — and back after the element-wise activation. The Keras kernel
/// (kernel…, in / groups, filters) is stored as it is under its Keras name and transposed to ONNX's
/// (filters, in / groups, kernel…) in the graph (a constant that runtimes fold when loading).
/// </summary>
internal abstract class BaseConvExporter<TLayer> : LayerExporter<TLayer> where TLayer : BaseConv
{
    /// <inheritdoc/>
    protected override OnnxValue Export(TLayer layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var owner = LayerExportContext.Describe(layer);
        OnnxActivations.Require(layer.Activation, owner);
        var channelsLast = layer.DataFormat == "channels_last";
        var x = context.CastToLayerDtype(layer, input);
        var channelsFirst = channelsLast ? b.ToChannelsFirst(x) : x;

        var rank = layer.Rank;
        var kernel = b.Transpose(context.Weight(layer.Kernel!), [rank + 1, rank, .. Enumerable.Range(0, rank)]);
        var pads = SpatialPadding.Pads(layer.Padding, SpatialPadding.SpatialSizes(x.Shape!, layer.DataFormat), layer.KernelSize, layer.Strides, layer.DilationRate);
        var outputShape = context.OutputShapes[0];
        var y = b.Node("Conv", [channelsFirst, kernel, layer.Bias is null ? null : context.Weight(layer.Bias)],
                       channelsFirst.ElemType, channelsLast ? ToChannelsFirstShape(outputShape) : outputShape,
                       OnnxAttributes.Ints("kernel_shape", layer.KernelSize),
                       OnnxAttributes.Ints("strides", layer.Strides),
                       OnnxAttributes.Ints("dilations", layer.DilationRate),
                       OnnxAttributes.Int("group", layer.Groups),
                       SpatialPadding.Attribute(pads));
        if (!channelsLast) return OnnxActivations.Apply(b, y, layer.Activation, owner);
        if (OnnxActivations.IsElementwise(layer.Activation))
            return b.ToChannelsLast(OnnxActivations.Apply(b, y, layer.Activation, owner));
        return OnnxActivations.Apply(b, b.ToChannelsLast(y), layer.Activation, owner);
    }

    /// <summary>(batch, spatial…, channels) → (batch, channels, spatial…).</summary>
    public static int?[] ToChannelsFirstShape(int?[] shape) => [shape[0], shape[^1], .. shape[1..^1]];
}
