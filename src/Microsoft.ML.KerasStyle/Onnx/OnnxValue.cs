using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// A value of the ONNX graph being built: a graph input, an initializer or a node output. The name can change until
/// the graph is written (a model output takes its Keras output name), so nodes refer to values, not to names.
/// </summary>
internal sealed class OnnxValue(string name, TensorProto.Types.DataType elemType, int?[]? shape)
{
    /// <summary>The ONNX name.</summary>
    public string Name { get; set; } = name;

    /// <summary>The element type.</summary>
    public TensorProto.Types.DataType ElemType { get; } = elemType;

    /// <summary>The shape with null for unknown sizes (the batch axis), or null where the exporter does not track it.</summary>
    public int?[]? Shape { get; set; } = shape;

    /// <summary>The same data with its channel axis moved second (batch, channels, spatial…), where already computed.</summary>
    /// <remarks>
    /// Convolutions and pooling run channels-first in ONNX while Keras data are channels-last. Remembering both forms lets
    /// consecutive image layers use the channels-first form directly; the transposes nobody reads are dropped at the end.
    /// </remarks>
    public OnnxValue? ChannelsFirst { get; set; }

    /// <summary>For a channels-first value: its channels-last transpose, where already emitted (so it is emitted once).</summary>
    public OnnxValue? ChannelsLast { get; set; }

    /// <summary>The initializer's content, for values that are initializers.</summary>
    public TensorProto? Initializer { get; init; }

    /// <summary>True for a graph input.</summary>
    public bool IsGraphInput { get; init; }

    /// <summary>The number of axes, where the shape is tracked.</summary>
    public int? Rank => Shape?.Length;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
