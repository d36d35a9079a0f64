using Google.Protobuf;
using Microsoft.ML.KerasStyle.Onnx;
using Microsoft.ML.KerasStyle.Onnx.Proto;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Rewires an exported network's graph for a pipeline: graph inputs named after columns (cast and reshaped into the
/// Keras inputs), and extra outputs computed from the Keras outputs and named after columns.
/// </summary>
internal sealed class OnnxGraphEditor
{
    const string Batch = "batch";
    readonly GraphProto graph;
    readonly HashSet<string> names;
    readonly List<NodeProto> prologue = [];
    readonly List<ValueInfoProto> outputs = [];
    int counter;

    public OnnxGraphEditor(ModelProto model)
    {
        graph = model.Graph;
        names = graph.Node.SelectMany(n => n.Input.Concat(n.Output)).Concat(graph.Input.Select(i => i.Name))
            .Concat(graph.Initializer.Select(i => i.Name)).ToHashSet();
    }

    /// <summary>
    /// Makes the graph read <paramref name="column"/> (elements of <paramref name="columnType"/>, <paramref name="columnSize"/>
    /// per row) instead of the Keras input <paramref name="kerasInput"/>, casting and reshaping to the input's type and shape.
    /// </summary>
    public void FeedFromColumn(string kerasInput, string column, TensorProto.Types.DataType columnType, long columnSize)
    {
        var index = graph.Input.ToList().FindIndex(i => i.Name == kerasInput);
        if (index < 0) throw new InvalidOperationException($"The exported graph has no input '{kerasInput}'.");
        var original = graph.Input[index];
        var kerasType = (TensorProto.Types.DataType)original.Type.TensorType.ElemType;
        var kerasShape = original.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray();
        if (column != kerasInput) RequireFree(column);
        // The Keras input's value becomes an internal value fed by the new nodes; every reader keeps reading it.
        var internalName = Unique(kerasInput + "/from_column");
        foreach (var node in graph.Node)
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == kerasInput) node.Input[i] = internalName;
        var current = column;
        if (columnType != kerasType)
        {
            var cast = Unique(kerasInput + "/cast");
            prologue.Add(Node("Cast", [current], cast, OnnxAttributes.Int("to", (long)kerasType)));
            current = cast;
        }
        var needsReshape = kerasShape.Length != 1 || kerasShape[0] != columnSize;
        prologue.Add(needsReshape
            ? Node("Reshape", [current, Int64Constant(kerasInput + "/shape", [-1, .. kerasShape])], internalName)
            : Node("Identity", [current], internalName));
        graph.Input[index] = ValueInfo(column, columnType, [columnSize]);
        names.Add(column);
    }

    /// <summary>The name of the value of Keras output <paramref name="kerasOutput"/>.</summary>
    public string KerasOutput(string kerasOutput) => graph.Output.FirstOrDefault(o => o.Name == kerasOutput)?.Name
        ?? throw new InvalidOperationException($"The exported graph has no output '{kerasOutput}'.");

    /// <summary>The Keras output's shape without the batch axis.</summary>
    public long[] KerasOutputShape(string kerasOutput) =>
        graph.Output.First(o => o.Name == kerasOutput).Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray();

    /// <summary>Adds a node computing a new internal value; returns its name.</summary>
    public string Add(string opType, IEnumerable<string> inputs, string hint, params AttributeProto[] attributes)
    {
        var name = Unique(hint);
        graph.Node.Add(Node(opType, inputs, name, attributes));
        return name;
    }

    /// <summary>Flattens a (batch, 1) value to (batch,).</summary>
    public string Flatten(string value, string hint) => Add("Reshape", [value, Int64Constant(hint + "/shape", [-1])], hint);

    /// <summary>A float constant of shape ().</summary>
    public string FloatScalar(string hint, float value)
    {
        var name = Unique(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Declares graph output <paramref name="column"/> = <paramref name="value"/> (of the given type and per-row shape).</summary>
    public void Output(string column, string value, TensorProto.Types.DataType type, long[] shape)
    {
        if (value != column)
        {
            RequireFree(column);
            graph.Node.Add(Node("Identity", [value], column));
            names.Add(column);
        }
        outputs.Add(ValueInfo(column, type, shape));
    }

    /// <summary>Replaces the graph's outputs by those declared and puts the input nodes first.</summary>
    public void Finish()
    {
        var nodes = prologue.Concat(graph.Node).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Output.Clear();
        graph.Output.AddRange(outputs);
    }

    void RequireFree(string column)
    {
        if (names.Contains(column))
            throw new InvalidOperationException($"The column name '{column}' is also the name of a value inside the exported network " +
                "(a layer or weight name); rename the column or the layer.");
    }

    /// <summary>An int64 constant of shape (<paramref name="values"/>.Length,).</summary>
    public string Int64Constant(string hint, long[] values)
    {
        var name = Unique(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    string Unique(string hint)
    {
        var name = "mlnet/" + hint;
        while (!names.Add(name)) name = $"mlnet/{hint}_{++counter}";
        return name;
    }

    NodeProto Node(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output + "/" + opType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = Batch });
        foreach (var d in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } } };
    }
}
