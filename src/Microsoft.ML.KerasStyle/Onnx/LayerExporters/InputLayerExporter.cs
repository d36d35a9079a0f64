using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>InputLayer: becomes a graph input (named after the layer); applied to a value it passes it through.</summary>
internal sealed class InputLayerExporter : LayerExporter<InputLayer>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(InputLayer layer, OnnxValue input, LayerExportContext context) => input;
}
