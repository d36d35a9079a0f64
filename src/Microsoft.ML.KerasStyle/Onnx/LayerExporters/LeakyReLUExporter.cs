using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// LeakyReLU: one <c>LeakyRelu</c> node with the layer's slope as <c>alpha</c>. It is element-wise, so after a
/// convolution it runs on the channels-first data and no transpose is needed in between.
/// </summary>
internal sealed class LeakyReLUExporter : LayerExporter<LeakyReLU>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(LeakyReLU layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        if (x.ChannelsFirst is { } channelsFirst) return b.ToChannelsLast(Node(b, channelsFirst, layer));
        return Node(b, x, layer);
    }

    static OnnxValue Node(OnnxGraphBuilder b, OnnxValue x, LeakyReLU layer)
    {
        var y = b.Node("LeakyRelu", [x], OnnxAttributes.Float("alpha", layer.NegativeSlope));
        y.Shape ??= x.Shape;
        return y;
    }
}
