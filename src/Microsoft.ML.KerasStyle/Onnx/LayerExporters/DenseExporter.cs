using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Dense: <c>Gemm(x, kernel, bias)</c> for (batch, features) inputs — the Keras kernel (in, units) is Gemm's B as it is —
/// and <c>MatMul</c> + <c>Add</c> on inputs of higher rank (the kernel applies to the last axis); then the activation.
/// </summary>
internal sealed class DenseExporter : LayerExporter<Dense>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Dense layer, OnnxValue input, LayerExportContext context)
    {
        var owner = LayerExportContext.Describe(layer);
        OnnxActivations.Require(layer.Activation, owner);
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        var kernel = context.Weight(layer.Kernel!);
        var bias = layer.Bias is null ? null : context.Weight(layer.Bias);
        OnnxValue y;
        if (x.Rank == 2) y = b.Node("Gemm", [x, kernel, bias]);
        else
        {
            y = b.Node("MatMul", [x, kernel]);
            if (bias is not null) y = b.Node("Add", [y, bias]);
        }
        return OnnxActivations.Apply(b, y, layer.Activation, owner);
    }
}
