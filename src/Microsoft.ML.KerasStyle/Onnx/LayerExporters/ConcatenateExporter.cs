using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Concatenate: ONNX <c>Concat</c> on the layer's axis (negative axes count from the end in both).</summary>
internal sealed class ConcatenateExporter : MultiInputLayerExporter<Concatenate>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Concatenate layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context)
    {
        var values = inputs.Select(x => (OnnxValue?)context.CastToLayerDtype(layer, x)).ToList();
        return context.Builder.Node("Concat", values, OnnxAttributes.Int("axis", layer.Axis));
    }
}
