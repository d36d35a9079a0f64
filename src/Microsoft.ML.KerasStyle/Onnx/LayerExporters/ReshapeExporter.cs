using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Reshape: ONNX <c>Reshape</c> to <c>[0, target…]</c>, where 0 copies the batch size from the data (allowzero left at
/// its default 0) and a -1 in the target is inferred, so the batch size stays symbolic.
/// </summary>
internal sealed class ReshapeExporter : LayerExporter<Reshape>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Reshape layer, OnnxValue input, LayerExportContext context)
    {
        if (layer.TargetShape.Contains(0))
            throw new NotSupportedException(
                $"{LayerExportContext.Describe(layer)} has a 0 in target_shape [{string.Join(", ", layer.TargetShape)}]; ONNX Reshape reads 0 as " +
                "\"copy the input's size\", so a target with an empty axis is not exported.");
        var x = context.CastFloatingToLayerDtype(layer, input);
        return context.Builder.Reshape(x, [0, .. layer.TargetShape.Select(d => (long)d)]);
    }
}
