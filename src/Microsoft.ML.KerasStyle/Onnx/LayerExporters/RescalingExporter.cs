using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Rescaling: <c>x · scale + offset</c> with <c>Mul</c> and <c>Add</c> (integer inputs are cast to float32 first).</summary>
internal sealed class RescalingExporter : LayerExporter<Rescaling>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Rescaling layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        var y = b.Node("Mul", [x, b.Scalar(layer.Scale, x.ElemType, "scale")]);
        // Adding 0 changes nothing (Keras adds it; -0 + 0 is +0, which compares equal), so it is left out.
        return layer.Offset == 0 ? y : b.Node("Add", [y, b.Scalar(layer.Offset, x.ElemType, "offset")]);
    }
}
