using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>ELU: one <c>Elu</c> node with the layer's alpha; element-wise, so after a convolution it runs channels first.</summary>
internal sealed class ELUExporter : LayerExporter<ELU>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(ELU layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        if (x.ChannelsFirst is { } channelsFirst) return b.ToChannelsLast(Node(b, channelsFirst, layer));
        return Node(b, x, layer);
    }

    static OnnxValue Node(OnnxGraphBuilder b, OnnxValue x, ELU layer)
    {
        var y = b.Node("Elu", [x], OnnxAttributes.Float("alpha", layer.Alpha));
        y.Shape ??= x.Shape;
        return y;
    }
}
