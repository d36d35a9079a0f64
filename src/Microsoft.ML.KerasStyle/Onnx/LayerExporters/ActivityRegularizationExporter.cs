using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>ActivityRegularization: nothing in inference (its penalty only feeds training; a Cast only for inputs of another dtype).</summary>
internal sealed class ActivityRegularizationExporter : LayerExporter<ActivityRegularization>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(ActivityRegularization layer, OnnxValue input, LayerExportContext context) =>
        context.CastToLayerDtype(layer, input);
}
