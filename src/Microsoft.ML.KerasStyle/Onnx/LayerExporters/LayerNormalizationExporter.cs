using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// LayerNormalization: from opset 17 the <c>LayerNormalization</c> operator when the normalised axes are the trailing
/// ones (its axis is the first of them, its Scale and B are gamma and beta as Keras shapes them); otherwise — earlier
/// opsets, or axes that leave a gap — the layer's formula with <c>ReduceMean</c>:
/// <c>x · inv + (beta − mean · inv)</c>, <c>inv = gamma / √(biased variance + epsilon)</c>.
/// </summary>
internal sealed class LayerNormalizationExporter : LayerExporter<LayerNormalization>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(LayerNormalization layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var owner = LayerExportContext.Describe(layer);
        var x = context.CastToLayerDtype(layer, input);
        var rank = x.Rank ?? throw new InvalidOperationException($"{owner}: the input's rank is unknown.");
        var axes = layer.NormalizedAxes ?? throw new InvalidOperationException($"{owner} is not built.");
        var type = LayerExportContext.LayerType(layer);
        var normalizedShape = axes.Select(a => (long)x.Shape![a]!.Value).ToArray();
        var gamma = layer.Gamma is null ? null : context.Weight(layer.Gamma);
        var beta = layer.Beta is null ? null : context.Weight(layer.Beta);
        var trailing = axes.Select((a, i) => a == rank - axes.Count + i).All(t => t);

        if (b.Opset >= 17 && trailing)
        {
            var count = normalizedShape.Aggregate(1L, (p, d) => p * d);
            var scale = gamma ?? b.Constant("ones", type, normalizedShape, Enumerable.Repeat(1.0, (int)count).ToArray());
            return b.Node("LayerNormalization", [x, scale, beta],
                          OnnxAttributes.Int("axis", axes[0]), OnnxAttributes.Float("epsilon", layer.Epsilon));
        }

        var reduced = axes.Select(a => (long)a).ToArray();
        var mean = b.ReduceMean(x, reduced, keepDims: true);
        var centered = b.Node("Sub", [x, mean]);
        var variance = b.ReduceMean(b.Node("Mul", [centered, centered]), reduced, keepDims: true);
        var inv = b.Node("Reciprocal", [b.Node("Sqrt", [b.Node("Add", [variance, b.Scalar(layer.Epsilon, type, "epsilon")])])]);
        // gamma and beta have the normalised axes' sizes; as broadcast operands they need 1 on the other axes after the first.
        var broadcast = Enumerable.Range(axes[0], rank - axes[0]).Select(a => axes.Contains(a) ? (long)x.Shape![a]!.Value : 1L).ToArray();
        OnnxValue Shaped(OnnxValue weight) => trailing ? weight : b.Reshape(weight, broadcast);
        if (gamma is not null) inv = b.Node("Mul", [inv, Shaped(gamma)]);
        var offset = b.Node("Neg", [b.Node("Mul", [mean, inv])]);
        if (beta is not null) offset = b.Node("Add", [offset, Shaped(beta)]);
        return b.Node("Add", [b.Node("Mul", [x, inv]), offset]);
    }
}
