using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// The element-wise merges (<see cref="Add"/>, <see cref="Multiply"/>, <see cref="Average"/>) broadcast as the layers
/// do: an input of lower rank gets size-1 axes right after its batch axis (<c>Unsqueeze</c>), then ONNX's numpy-style
/// broadcasting lines the axes up from the end.
/// </summary>
internal abstract class ElementwiseMergeExporter<TLayer> : MultiInputLayerExporter<TLayer> where TLayer : ElementwiseMerge
{
    /// <inheritdoc/>
    protected override OnnxValue Export(TLayer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context)
    {
        var b = context.Builder;
        var rank = inputs.Max(x => x.Rank
            ?? throw new InvalidOperationException($"{LayerExportContext.Describe(layer)}: the rank of input '{x.Name}' is unknown."));
        var aligned = inputs.Select(x =>
        {
            var v = context.CastToLayerDtype(layer, x);
            var missing = rank - x.Rank!.Value;
            return missing == 0 ? v : b.Unsqueeze(v, [.. Enumerable.Range(1, missing).Select(a => (long)a)]);
        }).ToList();
        return Merge(b, aligned);
    }

    /// <summary>Combines inputs of equal rank.</summary>
    protected abstract OnnxValue Merge(OnnxGraphBuilder builder, IReadOnlyList<OnnxValue> inputs);

    /// <summary>Applies a binary operator from left to right, as the layers accumulate.</summary>
    protected static OnnxValue Fold(OnnxGraphBuilder builder, string opType, IReadOnlyList<OnnxValue> inputs)
    {
        var result = inputs[0];
        for (var i = 1; i < inputs.Count; i++) result = builder.Node(opType, [result, inputs[i]]);
        return result;
    }
}
