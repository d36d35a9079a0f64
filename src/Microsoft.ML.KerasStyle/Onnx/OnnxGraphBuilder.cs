using System.Globalization;
using Google.Protobuf;
using Microsoft.ML.KerasStyle.Onnx.Proto;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Collects the nodes, initializers and inputs of one ONNX graph, gives every value and node a unique readable name
/// (<c>dense/Gemm</c>, weights by their Keras path <c>dense/kernel</c>), and writes the <see cref="GraphProto"/>:
/// outputs renamed after the model's outputs, and whatever no output needs (transposes that were folded away) dropped.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    readonly List<OnnxNode> nodes = [];
    readonly List<OnnxValue> inputs = [];
    readonly List<OnnxValue> initializers = [];
    readonly HashSet<string> valueNames = new(StringComparer.Ordinal);
    readonly HashSet<string> nodeNames = new(StringComparer.Ordinal);
    readonly Dictionary<Variable, OnnxValue> weights = [];
    readonly Dictionary<string, OnnxValue> constants = new(StringComparer.Ordinal);

    /// <summary>Creates a builder for the default ONNX domain at <paramref name="opset"/>.</summary>
    public OnnxGraphBuilder(int opset) => Opset = opset;

    /// <summary>The opset of the default domain, which decides the form of some operators (ReduceMean, Gelu…).</summary>
    public int Opset { get; }

    /// <summary>The prefix of the names made now: the layer being exported (with its enclosing models).</summary>
    public string Scope { get; set; } = "";

    /// <summary>Keeps <paramref name="name"/> for a later value (a model output), so no other value takes it.</summary>
    public void Reserve(string name) => valueNames.Add(name);

    string UniqueValueName(string wanted) => Unique(valueNames, wanted);

    static string Unique(HashSet<string> taken, string wanted)
    {
        if (taken.Add(wanted)) return wanted;
        for (var i = 1; ; i++)
        {
            var candidate = $"{wanted}_{i}";
            if (taken.Add(candidate)) return candidate;
        }
    }

    string Scoped(string hint) => Scope.Length == 0 ? hint : $"{Scope}/{hint}";

    /// <summary>Declares a graph input named <paramref name="name"/>.</summary>
    public OnnxValue AddInput(string name, TensorProto.Types.DataType type, int?[] shape)
    {
        var value = new OnnxValue(UniqueValueName(name), type, shape) { IsGraphInput = true };
        inputs.Add(value);
        return value;
    }

    /// <summary>
    /// The initializer of a Keras weight, created once per variable (shared layers share it), named by the weight's
    /// path (<c>dense/kernel</c>, or <paramref name="path"/> when given); a path already taken by another weight is
    /// prefixed with <paramref name="modelScope"/>.
    /// </summary>
    public OnnxValue Weight(Variable variable, string modelScope, string? path = null)
    {
        if (weights.TryGetValue(variable, out var existing)) return existing;
        var wanted = path ?? variable.Path;
        if (valueNames.Contains(wanted) && modelScope.Length > 0) wanted = $"{modelScope}/{wanted}";
        var name = UniqueValueName(wanted);
        using var scope = NewDisposeScope();
        var data = variable.Value.detach().cpu().contiguous();
        var type = OnnxDataTypes.FromTorch(data.dtype, $"Weight '{variable.Path}'");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data.bytes) };
        tensor.Dims.AddRange(data.shape);
        var value = new OnnxValue(name, type, variable.Shape.Select(d => (int?)d).ToArray()) { Initializer = tensor };
        initializers.Add(value);
        weights[variable] = value;
        return value;
    }

    /// <summary>A constant initializer (shared between layers when equal), named after the scope and <paramref name="hint"/>.</summary>
    public OnnxValue Constant(string hint, TensorProto.Types.DataType type, long[] dims, IReadOnlyList<double> values)
    {
        var key = $"{(int)type}|{string.Join(",", dims)}|{string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}";
        if (constants.TryGetValue(key, out var existing)) return existing;
        var name = UniqueValueName(Scoped(hint));
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(OnnxDataTypes.Encode(values, type)) };
        tensor.Dims.AddRange(dims);
        var value = new OnnxValue(name, type, dims.Select(d => (int?)(int)d).ToArray()) { Initializer = tensor };
        initializers.Add(value);
        constants[key] = value;
        return value;
    }

    /// <summary>A scalar constant of element type <paramref name="type"/>.</summary>
    public OnnxValue Scalar(double value, TensorProto.Types.DataType type, string hint = "constant") => Constant(hint, type, [], [value]);

    /// <summary>A 1-D int64 constant (shapes, axes).</summary>
    public OnnxValue Int64s(string hint, params long[] values) =>
        Constant(hint, TensorProto.Types.DataType.Int64, [values.Length], values.Select(v => (double)v).ToArray());

    /// <summary>Adds a node with one output of the first input's element type.</summary>
    public OnnxValue Node(string opType, IReadOnlyList<OnnxValue?> nodeInputs, params AttributeProto[] attributes) =>
        Node(opType, nodeInputs, nodeInputs[0]!.ElemType, null, attributes);

    /// <summary>Adds a node with one output of element type <paramref name="outputType"/> and (optionally) known shape.</summary>
    public OnnxValue Node(string opType, IReadOnlyList<OnnxValue?> nodeInputs, TensorProto.Types.DataType outputType, int?[]? outputShape,
                          params AttributeProto[] attributes)
    {
        var name = Unique(nodeNames, Scoped(opType));
        var output = new OnnxValue(UniqueValueName(name), outputType, outputShape);
        nodes.Add(new OnnxNode(name, opType, nodeInputs.ToArray(), [output], attributes));
        return output;
    }

    /// <summary>Converts to <paramref name="type"/> (no node when it already is).</summary>
    public OnnxValue Cast(OnnxValue x, TensorProto.Types.DataType type) => x.ElemType == type
        ? x
        : Node("Cast", [x], type, x.Shape, OnnxAttributes.Int("to", (int)type));

    /// <summary>Permutes the axes.</summary>
    public OnnxValue Transpose(OnnxValue x, IReadOnlyList<int> permutation) =>
        Node("Transpose", [x], x.ElemType, x.Shape is { } s ? permutation.Select(p => s[p]).ToArray() : null,
             OnnxAttributes.Ints("perm", permutation));

    /// <summary>
    /// The channels-first form (batch, channels, spatial…) of a channels-last value: the one already known (a convolution's
    /// own output) or a new transpose, remembered for the next layer that asks.
    /// </summary>
    public OnnxValue ToChannelsFirst(OnnxValue channelsLast)
    {
        if (channelsLast.ChannelsFirst is { } known) return known;
        var rank = RankOf(channelsLast);
        int[] permutation = [0, rank - 1, .. Enumerable.Range(1, rank - 2)];
        var result = Transpose(channelsLast, permutation);
        result.ChannelsLast = channelsLast;
        channelsLast.ChannelsFirst = result;
        return result;
    }

    /// <summary>The channels-last form of a channels-first value (one transpose, emitted once).</summary>
    public OnnxValue ToChannelsLast(OnnxValue channelsFirst)
    {
        if (channelsFirst.ChannelsLast is { } known) return known;
        var rank = RankOf(channelsFirst);
        int[] permutation = [0, .. Enumerable.Range(2, rank - 2), 1];
        var result = Transpose(channelsFirst, permutation);
        result.ChannelsFirst = channelsFirst;
        channelsFirst.ChannelsLast = result;
        return result;
    }

    static int RankOf(OnnxValue value) => value.Rank
        ?? throw new InvalidOperationException($"ONNX export: the rank of '{value.Name}' is unknown, so its axes cannot be permuted.");

    /// <summary>Inserts size-1 axes at <paramref name="axes"/> (axes as an input, the form since opset 13).</summary>
    public OnnxValue Unsqueeze(OnnxValue x, params long[] axes) => Node("Unsqueeze", [x, Int64s("axes", axes)]);

    /// <summary>The mean over <paramref name="axes"/>: axes as an attribute before opset 18, as an input from 18 on.</summary>
    public OnnxValue ReduceMean(OnnxValue x, long[] axes, bool keepDims) => Opset >= 18
        ? Node("ReduceMean", [x, Int64s("axes", axes)], OnnxAttributes.Int("keepdims", keepDims ? 1 : 0))
        : Node("ReduceMean", [x], OnnxAttributes.Ints("axes", axes), OnnxAttributes.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Reshapes to <paramref name="shape"/> (0 copies the input's size on that axis, -1 is inferred).</summary>
    public OnnxValue Reshape(OnnxValue x, params long[] shape) => Node("Reshape", [x, Int64s("shape", shape)]);

    /// <summary>
    /// The finished graph. Each output value gets its name (a node output is renamed; an input, an initializer or a value
    /// already given out is passed through an Identity node), then only the nodes and initializers the outputs need are kept.
    /// </summary>
    public GraphProto Finish(string graphName, string? docString, IReadOnlyList<(OnnxValue Value, string Name, int?[] Shape)> outputs)
    {
        var finalOutputs = new List<(OnnxValue Value, int?[] Shape)>();
        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        var inputNames = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (value, name, shape) in outputs)
        {
            var output = value;
            if (value.IsGraphInput || value.Initializer is not null || finalOutputs.Any(o => o.Value == value))
            {
                var saved = Scope;
                Scope = "";
                output = Node("Identity", [value], value.ElemType, value.Shape);
                Scope = saved;
            }
            // Output names were reserved up front; only a second output of the same name (or an input's name) needs a suffix.
            output.Name = outputNames.Contains(name) || inputNames.Contains(name) ? UniqueValueName(name) : name;
            outputNames.Add(output.Name);
            finalOutputs.Add((output, shape));
        }

        var live = LiveNodes(finalOutputs.Select(o => o.Value), nodes);
        var used = new HashSet<OnnxValue>(live.SelectMany(n => n.Inputs).OfType<OnnxValue>());
        foreach (var (v, _) in finalOutputs) used.Add(v);

        var graph = new GraphProto { Name = graphName };
        if (docString is not null) graph.DocString = docString;
        graph.Node.AddRange(live.Select(n => n.ToProto()));
        graph.Initializer.AddRange(initializers.Where(used.Contains).Select(v => { v.Initializer!.Name = v.Name; return v.Initializer; }));
        graph.Input.AddRange(inputs.Select(v => ValueInfo(v.Name, v.ElemType, v.Shape!, namedUnknownDims: true)));
        graph.Output.AddRange(finalOutputs.Select(o => ValueInfo(o.Value.Name, o.Value.ElemType, o.Shape, namedUnknownDims: false)));
        return graph;
    }

    /// <summary>The nodes that the outputs depend on, in the order they were added (a topological order).</summary>
    static List<OnnxNode> LiveNodes(IEnumerable<OnnxValue> outputs, List<OnnxNode> all)
    {
        var producers = new Dictionary<OnnxValue, OnnxNode>();
        foreach (var node in all)
            foreach (var o in node.Outputs) producers[o] = node;
        var live = new HashSet<OnnxNode>();
        var pending = new Stack<OnnxValue>(outputs);
        while (pending.Count > 0)
        {
            var value = pending.Pop();
            if (!producers.TryGetValue(value, out var node) || !live.Add(node)) continue;
            foreach (var input in node.Inputs)
                if (input is not null) pending.Push(input);
        }
        return all.Where(live.Contains).ToList();
    }

    /// <summary>
    /// A tensor's type and shape. The batch axis is the symbolic dimension <c>batch</c>; other unknown sizes are named
    /// after the value on inputs (so a caller sees them) and left unnamed on outputs.
    /// </summary>
    static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, int?[] shape, bool namedUnknownDims)
    {
        var tensorShape = new TensorShapeProto();
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (i == 0) dim.DimParam = "batch";
            else if (shape[i] is { } size) dim.DimValue = size;
            else if (namedUnknownDims) dim.DimParam = $"{name}_dim_{i}";
            tensorShape.Dim.Add(dim);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
