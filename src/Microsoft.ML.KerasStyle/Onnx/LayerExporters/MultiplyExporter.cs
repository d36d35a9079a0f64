using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Multiply: a chain of ONNX <c>Mul</c> (broadcasting as the layer does).</summary>
internal sealed class MultiplyExporter : ElementwiseMergeExporter<Multiply>
{
    /// <inheritdoc/>
    protected override OnnxValue Merge(OnnxGraphBuilder builder, IReadOnlyList<OnnxValue> inputs) => Fold(builder, "Mul", inputs);
}
