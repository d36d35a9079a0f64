using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// BatchNormalization in inference: <c>(x - moving_mean) · gamma / √(moving_variance + epsilon) + beta</c>.
/// ONNX <c>BatchNormalization</c> (all five inputs, the layer's epsilon) normalises axis 1, so it serves features on
/// axis 1 and channels-last images whose channels-first form is at hand (after a convolution). Other axes get the
/// same formula as <c>Sub</c>/<c>Mul</c>/<c>Add</c> broadcast over the feature axis, which needs no transpose.
/// </summary>
internal sealed class BatchNormalizationExporter : LayerExporter<BatchNormalization>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(BatchNormalization layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var owner = LayerExportContext.Describe(layer);
        var x = context.CastToLayerDtype(layer, input);
        var rank = x.Rank ?? throw new InvalidOperationException($"{owner}: the input's rank is unknown.");
        var axis = Shapes.Axis(layer.Axis, rank, owner);
        var type = LayerExportContext.LayerType(layer);
        var features = layer.MovingMean!.Shape[0];
        var mean = context.Weight(layer.MovingMean);
        var variance = context.Weight(layer.MovingVariance!);
        var gamma = layer.Gamma is null ? null : context.Weight(layer.Gamma);
        var beta = layer.Beta is null ? null : context.Weight(layer.Beta);

        if (axis == 1 || (axis == rank - 1 && rank > 2 && x.ChannelsFirst is not null))
        {
            var channelsFirst = axis == 1 ? x : x.ChannelsFirst!;
            var scale = gamma ?? b.Constant("ones", type, [features], Enumerable.Repeat(1.0, features).ToArray());
            var offset = beta ?? b.Constant("zeros", type, [features], new double[features]);
            var y = b.Node("BatchNormalization", [channelsFirst, scale, offset, mean, variance], OnnxAttributes.Float("epsilon", layer.Epsilon));
            y.Shape = channelsFirst.Shape;
            return axis == 1 ? y : b.ToChannelsLast(y);
        }

        // Per-feature vectors broadcast against the input: trailing size-1 axes after the feature axis.
        OnnxValue Broadcast(OnnxValue vector) => axis == rank - 1 ? vector : b.Reshape(vector, [features, .. Enumerable.Repeat(1L, rank - 1 - axis)]);
        var factor = b.Node("Reciprocal", [b.Node("Sqrt", [b.Node("Add", [variance, b.Scalar(layer.Epsilon, type, "epsilon")])])]);
        if (gamma is not null) factor = b.Node("Mul", [factor, gamma]);
        var output = b.Node("Mul", [b.Node("Sub", [x, Broadcast(mean)]), Broadcast(factor)]);
        return beta is null ? output : b.Node("Add", [output, Broadcast(beta)]);
    }
}
