using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Activation: the activation's operators (<see cref="OnnxActivations"/>). After a convolution an element-wise
/// activation runs on the channels-first data, so no transpose is needed in between.
/// </summary>
internal sealed class ActivationExporter : LayerExporter<Activation>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Activation layer, OnnxValue input, LayerExportContext context)
    {
        var owner = LayerExportContext.Describe(layer);
        var b = context.Builder;
        var x = context.CastToLayerDtype(layer, input);
        if (x.ChannelsFirst is { } channelsFirst && OnnxActivations.IsElementwise(layer.Function) && !OnnxActivations.IsLinear(layer.Function))
            return b.ToChannelsLast(OnnxActivations.Apply(b, channelsFirst, layer.Function, owner));
        return OnnxActivations.Apply(b, x, layer.Function, owner);
    }
}
