using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Average: the sum (a chain of <c>Add</c>) divided by the number of inputs, as the layer computes it.</summary>
internal sealed class AverageExporter : ElementwiseMergeExporter<Average>
{
    /// <inheritdoc/>
    protected override OnnxValue Merge(OnnxGraphBuilder builder, IReadOnlyList<OnnxValue> inputs)
    {
        var sum = Fold(builder, "Add", inputs);
        return builder.Node("Div", [sum, builder.Scalar(inputs.Count, sum.ElemType, "count")]);
    }
}
