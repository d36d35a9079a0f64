using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Embedding: <c>Gather</c> of the embeddings' rows (axis 0) at the indices, cast to int64 first (float inputs holding
/// whole numbers, as the layer accepts them, are truncated like the layer's conversion).
/// </summary>
internal sealed class EmbeddingExporter : LayerExporter<Embedding>
{
    /// <inheritdoc/>
    protected override OnnxValue Export(Embedding layer, OnnxValue input, LayerExportContext context)
    {
        var b = context.Builder;
        var indices = b.Cast(input, TensorProto.Types.DataType.Int64);
        return b.Node("Gather", [context.Weight(layer.Embeddings!), indices], OnnxAttributes.Int("axis", 0));
    }
}
