using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>One operator call of the graph being built (turned into a <see cref="NodeProto"/> once names are final).</summary>
internal sealed class OnnxNode(string name, string opType, IReadOnlyList<OnnxValue?> inputs, IReadOnlyList<OnnxValue> outputs,
                               IReadOnlyList<AttributeProto> attributes)
{
    /// <summary>The node's unique name.</summary>
    public string Name { get; } = name;

    /// <summary>The ONNX operator, e.g. <c>Gemm</c>.</summary>
    public string OpType { get; } = opType;

    /// <summary>The inputs; null stands for an optional input left out (written as an empty name).</summary>
    public IReadOnlyList<OnnxValue?> Inputs { get; } = inputs;

    /// <summary>The outputs.</summary>
    public IReadOnlyList<OnnxValue> Outputs { get; } = outputs;

    /// <summary>The attributes.</summary>
    public IReadOnlyList<AttributeProto> Attributes { get; } = attributes;

    /// <summary>The protobuf form, with the values' final names.</summary>
    public NodeProto ToProto()
    {
        var node = new NodeProto { Name = Name, OpType = OpType };
        // Trailing omitted inputs are dropped; inner ones are written as "" as ONNX requires.
        var count = Inputs.Count;
        while (count > 0 && Inputs[count - 1] is null) count--;
        for (var i = 0; i < count; i++) node.Input.Add(Inputs[i]?.Name ?? "");
        node.Output.AddRange(Outputs.Select(o => o.Name));
        node.Attribute.AddRange(Attributes);
        return node;
    }
}
