using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Flatten: ONNX <c>Flatten</c> with axis 1, which keeps the batch size symbolic (a Reshape to a baked batch size would
/// not) and flattens row-major — the channels-last order Keras flattens in. Channels-first inputs are first transposed
/// to channels-last, as the layer does.
/// </summary>
internal sealed class FlattenExporter : LayerExporter<Flatten>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Flatten layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastFloatingToLayerDtype(layer, input);
        if (layer.DataFormat == "channels_first" && x.Rank > 2) x = b.ToChannelsLast(x);
        return b.Node("Flatten", [x], OnnxAttributes.Int("axis", 1));
    }
}
