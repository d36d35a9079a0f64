using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Dropout: nothing in inference (the input passes through; a Cast only for inputs of another dtype).</summary>
internal sealed class DropoutExporter : LayerExporter<Dropout>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Dropout layer, OnnxValue input, LayerExportContext context) =>
        context.CastToLayerDtype(layer, input);
}
