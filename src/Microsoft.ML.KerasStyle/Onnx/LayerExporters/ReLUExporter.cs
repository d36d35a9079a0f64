using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// ReLU: <c>Relu</c>, <c>Clip</c> or <c>LeakyRelu</c> when one operator computes the options; otherwise
/// <c>Where(x &gt; threshold, Min(x, max), (x - threshold) · slope)</c>. Element-wise, so after a convolution it runs on
/// the channels-first data.
/// </summary>
internal sealed class ReLUExporter : LayerExporter<ReLU>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(ReLU layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        if (x.ChannelsFirst is { } channelsFirst) return b.ToChannelsLast(Nodes(b, channelsFirst, layer));
        return Nodes(b, x, layer);
    }

    static OnnxValue Nodes(OnnxGraphBuilder b, OnnxValue x, ReLU layer)
    {
        var type = x.ElemType;
        OnnxValue y;
        if (layer.NegativeSlope == 0 && layer.Threshold == 0)
            y = layer.MaxValue is { } max
                ? b.Node("Clip", [x, b.Scalar(0, type, "zero"), b.Scalar(max, type, "max_value")])
                : b.Node("Relu", [x]);
        else if (layer.Threshold == 0 && layer.MaxValue is null)
            y = b.Node("LeakyRelu", [x], OnnxAttributes.Float("alpha", layer.NegativeSlope));
        else
        {
            var threshold = b.Scalar(layer.Threshold, type, "threshold");
            var above = layer.MaxValue is { } limit ? b.Node("Min", [x, b.Scalar(limit, type, "max_value")]) : x;
            var below = b.Node("Mul", [b.Node("Sub", [x, threshold]), b.Scalar(layer.NegativeSlope, type, "negative_slope")]);
            var isAbove = b.Node("Greater", [x, threshold], TensorProto.Types.DataType.Bool, x.Shape);
            y = b.Node("Where", [isAbove, above, below], type, x.Shape);
        }
        y.Shape ??= x.Shape;
        return y;
    }
}
