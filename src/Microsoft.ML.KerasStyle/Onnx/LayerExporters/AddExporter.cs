using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Add: a chain of ONNX <c>Add</c> (broadcasting as the layer does).</summary>
internal sealed class AddExporter : ElementwiseMergeExporter<Add>
{
    /// <inheritdoc/>
    protected override OnnxValue Merge(OnnxGraphBuilder builder, IReadOnlyList<OnnxValue> inputs) => Fold(builder, "Add", inputs);
}
