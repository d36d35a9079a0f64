using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Softmax: one <c>Softmax</c> node on the channels-last data with the layer's axis (opset 13's one-axis form).</summary>
internal sealed class SoftmaxExporter : LayerExporter<Softmax>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Softmax layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        var rank = x.Rank ?? throw new InvalidOperationException($"ONNX export: {LayerExportContext.Describe(layer)}: the rank of its input is unknown.");
        var y = b.Node("Softmax", [x], OnnxAttributes.Int("axis", layer.NormalizedAxis(rank)));
        y.Shape ??= x.Shape;
        return y;
    }
}
