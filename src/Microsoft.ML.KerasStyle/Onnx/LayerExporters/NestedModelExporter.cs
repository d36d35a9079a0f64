using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// A functional or Sequential model used as a layer: its graph is inlined (node names prefixed with the model's name,
/// weights shared with other calls of the same layers).
/// </summary>
internal abstract class NestedModelExporter<TModel> : LayerExporter where TModel : Model
{
    /// <inheritdoc/>
    public override Type LayerType => typeof(TModel);

    /// <inheritdoc/>
    public override IReadOnlyList<OnnxValue> Export(Layer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context) =>
        context.ExportNested((Model)layer, inputs);
}

/// <summary>A functional model used as a layer (Keras's <c>Functional</c>).</summary>
internal sealed class FunctionalModelExporter : NestedModelExporter<Model>;

/// <summary>A Sequential model used as a layer.</summary>
internal sealed class SequentialModelExporter : NestedModelExporter<Sequential>;
