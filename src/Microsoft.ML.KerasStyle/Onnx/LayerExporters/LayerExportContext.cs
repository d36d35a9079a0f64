using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>What an exporter needs for one layer call: the graph builder, the call's Keras output shapes, nested models.</summary>
/// <remarks>
/// The call is a node of a functional graph or a call noted while tracing a subclassed model; both give the output shapes.
/// </remarks>
internal sealed class LayerExportContext(OnnxGraphBuilder builder, IReadOnlyList<int?[]> outputShapes, string modelScope,
                                         Func<Model, IReadOnlyList<OnnxValue>, IReadOnlyList<OnnxValue>> exportNested, Layer? layer = null)
{
    /// <summary>The graph being built.</summary>
    public OnnxGraphBuilder Builder { get; } = builder;

    /// <summary>The shapes Keras computed for the call's outputs (null for the batch axis).</summary>
    public IReadOnlyList<int?[]> OutputShapes { get; } = outputShapes;

    /// <summary>The names of the models enclosing the layer, for weights whose paths collide (empty at the top level).</summary>
    public string ModelScope { get; } = modelScope;

    /// <summary>
    /// The initializer of a Keras weight, named by its Keras path: a sublayer's weight (a composite layer's) under the
    /// layer's name, as the sublayer tracker finds it (<c>multi_head_attention/query/kernel</c>).
    /// </summary>
    public OnnxValue Weight(Variable variable) =>
        Builder.Weight(variable, ModelScope, layer is null ? variable.Path : LayerTracking.WeightPath(layer, variable));

    /// <summary>Exports a nested model's graph inline, on <paramref name="inputs"/>.</summary>
    public IReadOnlyList<OnnxValue> ExportNested(Model model, IReadOnlyList<OnnxValue> inputs) => exportNested(model, inputs);

    /// <summary>
    /// The input as the layer computes on it: converted to the layer's dtype, as <c>Layer.Apply</c> converts inputs of
    /// layers that cast (any other dtype, integer or floating).
    /// </summary>
    public OnnxValue CastToLayerDtype(Layer layer, OnnxValue input) =>
        Builder.Cast(input, OnnxDataTypes.FromKeras(layer.Dtype, $"Layer '{layer.Name}' ({layer.ClassName})"));

    /// <summary>
    /// The input as layers that keep integer inputs (Flatten, Reshape) see it: floating values converted to the layer's
    /// dtype, integer and boolean values unchanged.
    /// </summary>
    public OnnxValue CastFloatingToLayerDtype(Layer layer, OnnxValue input) =>
        OnnxDataTypes.IsFloating(input.ElemType) ? CastToLayerDtype(layer, input) : input;

    /// <summary>The layer's name and class, for error messages.</summary>
    public static string Describe(Layer layer) => $"Layer '{layer.Name}' ({layer.ClassName})";

    /// <summary>The element type of the layer's dtype.</summary>
    public static TensorProto.Types.DataType LayerType(Layer layer) => OnnxDataTypes.FromKeras(layer.Dtype, Describe(layer));
}
