using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

/// <summary>
/// The graph of a functional model: the nodes between its inputs and outputs, ordered as Keras orders them (by depth
/// from the outputs, inputs first; ties by first discovery from the outputs). One graph serves calls, shapes,
/// summaries and plots.
/// </summary>
internal sealed class FunctionalGraph
{
    public FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        if (inputs.Count == 0) throw new ArgumentException($"Model '{modelName}': at least one input is required.");
        if (outputs.Count == 0) throw new ArgumentException($"Model '{modelName}': at least one output is required.");
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i].Layer is not InputLayer)
                throw new ArgumentException(
                    $"Model '{modelName}': input {i} ({inputs[i].Name}, from layer '{inputs[i].Layer.Name}') is not a Keras.Input tensor. " +
                    "Functional model inputs must come from Keras.Input(...).");
        Inputs = inputs;
        Outputs = outputs;
        (Nodes, Layers) = MapGraph(inputs, outputs, modelName);
        plan = new RunPlan(this);
    }

    readonly RunPlan plan;

    // Where each symbolic tensor's value lives during a run (array slots rather than a dictionary per call), worked
    // out once: a training step runs the graph thousands of times.
    sealed class RunPlan
    {
        public RunPlan(FunctionalGraph graph)
        {
            var slots = new Dictionary<KerasTensor, int>(ReferenceEqualityComparer.Instance);
            int Slot(KerasTensor t) => slots.TryGetValue(t, out var i) ? i : slots[t] = slots.Count;
            InputSlots = graph.Inputs.Select(Slot).ToArray();
            InputNames = graph.Inputs.Select(t => t.Name).ToArray();
            Steps = graph.Nodes.Where(n => !n.IsInput)
                .Select(n => (n, n.InputTensors.Select(Slot).ToArray(), n.OutputTensors.Select(Slot).ToArray())).ToArray();
            OutputSlots = graph.Outputs.Select(Slot).ToArray();
            var outputNames = graph.Outputs.Select(o => o.Layer.Name).ToArray();
            // Two outputs from one layer cannot be told apart by layer name: keep them by position.
            OutputNames = outputNames.Distinct().Count() == outputNames.Length ? outputNames : null;
            SlotCount = slots.Count;
        }

        public int[] InputSlots { get; }
        public string[] InputNames { get; }
        public (Node Node, int[] In, int[] Out)[] Steps { get; }
        public int[] OutputSlots { get; }
        public string[]? OutputNames { get; }
        public int SlotCount { get; }
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>Nodes in execution order (deepest first).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Layers in Keras's order, input layers included.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>True when each depth holds one single-input node and no layer is used twice (Keras's "sequential-like").</summary>
    public bool IsSequentialLike =>
        Nodes.All(n => n.InputTensors.Count <= 1)
        && Nodes.GroupBy(n => n.Layer).All(g => g.Count() == 1)
        && Nodes.Select(Depth).Distinct().Count() == Nodes.Count;

    readonly Dictionary<Node, int> depths = new();

    int Depth(Node node) => depths[node];

    (List<Node>, List<Layer>) MapGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        var finished = new HashSet<Node>();
        var inProgress = new HashSet<Node>();
        var decreasingDepth = new List<Node>();
        var layerIndices = new Dictionary<Layer, int>();

        void Visit(KerasTensor tensor)
        {
            var node = tensor.Node;
            if (finished.Contains(node)) return;
            if (!inProgress.Add(node))
                throw new ArgumentException($"Model '{modelName}': tensor {tensor.Name} from layer '{node.Layer.Name}' is part of a cycle.");
            layerIndices.TryAdd(node.Layer, layerIndices.Count);
            if (!node.IsInput && !inputs.Contains(tensor))
                foreach (var parent in node.InputTensors) Visit(parent);
            finished.Add(node);
            inProgress.Remove(node);
            decreasingDepth.Add(node);
        }

        foreach (var output in outputs) Visit(output);

        var layerDepths = new Dictionary<Layer, int>();
        for (var i = decreasingDepth.Count - 1; i >= 0; i--)
        {
            var node = decreasingDepth[i];
            var depth = Math.Max(depths.GetValueOrDefault(node), layerDepths.GetValueOrDefault(node.Layer));
            layerDepths[node.Layer] = depth;
            depths[node] = depth;
            foreach (var parent in node.ParentNodes) depths[parent] = Math.Max(depth + 1, depths.GetValueOrDefault(parent));
        }
        foreach (var input in inputs)
            if (!layerDepths.ContainsKey(input.Layer))
            {
                layerDepths[input.Layer] = 0;
                layerIndices[input.Layer] = -1;
                depths[input.Node] = 0;
            }

        var depthKeys = depths.Values.Distinct().OrderByDescending(d => d).ToList();
        var nodes = depthKeys.SelectMany(d => depths.Where(kv => kv.Value == d).Select(kv => kv.Key)
                                                     .OrderBy(n => layerIndices[n.Layer])).ToList();
        var layers = depthKeys.SelectMany(d => layerDepths.Where(kv => kv.Value == d).Select(kv => kv.Key)
                                                          .OrderBy(l => layerIndices[l])).ToList();

        CheckConnected(nodes, inputs, modelName);
        CheckUniqueNames(layers, modelName);
        return (nodes, layers);
    }

    static void CheckConnected(List<Node> nodes, IReadOnlyList<KerasTensor> inputs, string modelName)
    {
        var computable = new HashSet<KerasTensor>(inputs);
        var accessed = new List<string>();
        foreach (var node in nodes)
        {
            if (node.IsInput && !inputs.Contains(node.OutputTensors[0]))
                throw new ArgumentException(
                    $"Graph disconnected in model '{modelName}': the outputs need the input '{node.Layer.Name}' " +
                    $"(shape {Shapes.Format(node.OutputTensors[0].Shape)}), which is not among the model's inputs " +
                    $"[{string.Join(", ", inputs.Select(t => t.Name))}]. Pass it in the inputs, or build the outputs from the given inputs only.");
            foreach (var x in node.InputTensors)
                if (!computable.Contains(x))
                    throw new ArgumentException(
                        $"Graph disconnected in model '{modelName}': cannot find parent for tensor {x} at layer '{node.Layer.Name}'. " +
                        $"The following previous layers were accessed without issue: [{string.Join(", ", accessed.Select(a => $"'{a}'"))}].");
            accessed.Add(node.Layer.Name);
            foreach (var y in node.OutputTensors) computable.Add(y);
        }
    }

    static void CheckUniqueNames(List<Layer> layers, string modelName)
    {
        foreach (var group in layers.GroupBy(l => l.Name).Where(g => g.Count() > 1))
            throw new ArgumentException(
                $"Model '{modelName}': the name \"{group.Key}\" is used {group.Count()} times in the model. All layer names should be unique.");
    }

    /// <summary>Runs the graph on real tensors (matched to inputs by position, or by input name).</summary>
    public Outputs Run(Inputs inputs, bool training, string modelName)
    {
        var values = new Tensor[plan.SlotCount];
        var ordered = Match(inputs, modelName);
        CheckShapes(ordered, modelName);
        for (var i = 0; i < ordered.Length; i++) values[plan.InputSlots[i]] = ordered[i];
        foreach (var (node, inSlots, outSlots) in plan.Steps)
        {
            var args = new Inputs();
            foreach (var slot in inSlots) args.Add(values[slot]);
            var results = node.Layer.Apply(args, training);
            if (results.Count != outSlots.Length)
                throw new InvalidOperationException($"Layer '{node.Layer.Name}' returned {results.Count} outputs where the graph expects {outSlots.Length}.");
            for (var i = 0; i < outSlots.Length; i++) values[outSlots[i]] = results[i];
        }
        var outputs = new Outputs();
        for (var i = 0; i < plan.OutputSlots.Length; i++)
        {
            if (plan.OutputNames is { } names) outputs[names[i]] = values[plan.OutputSlots[i]];
            else outputs.Add(values[plan.OutputSlots[i]]);
        }
        return outputs;
    }

    void CheckShapes(Tensor[] ordered, string modelName)
    {
        for (var i = 0; i < ordered.Length; i++)
        {
            var expected = Inputs[i].Shape;
            var tensor = ordered[i];
            var matches = expected.Length == tensor.dim();
            for (var d = 0; matches && d < expected.Length; d++) matches = expected[d] is not { } e || e == tensor.size(d);
            if (!matches)
                throw new ArgumentException(
                    $"Input {i} of layer \"{modelName}\" is incompatible with the layer: expected shape={Shapes.Format(expected)}, found shape={Shapes.Format(Shapes.Of(ordered[i]))}");
        }
    }

    Tensor[] Match(Inputs inputs, string modelName)
    {
        var names = plan.InputNames;
        if (inputs.IsNamed)
        {
            var missing = names.Where(n => !inputs.TryGet(n, out _)).ToList();
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"Model '{modelName}' is missing input(s) [{string.Join(", ", missing.Select(m => $"'{m}'"))}]. " +
                    $"Expected inputs: [{string.Join(", ", names.Select(n => $"'{n}'"))}]; received: [{string.Join(", ", inputs.Names.Select(n => $"'{n}'"))}].");
            return names.Select(n => inputs[n]).ToArray();
        }
        if (inputs.Count != Inputs.Count)
            throw new ArgumentException(
                $"Model '{modelName}' expects {Inputs.Count} input(s) [{string.Join(", ", names.Select(n => $"'{n}'"))}] but received {inputs.Count}.");
        return inputs.ToArray();
    }

    /// <summary>Output shapes for inputs of the given shapes (propagated through each layer's shape formula).</summary>
    public IReadOnlyList<int?[]> ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes)
    {
        var shapes = new Dictionary<KerasTensor, int?[]>();
        for (var i = 0; i < Inputs.Count; i++) shapes[Inputs[i]] = inputShapes[i];
        foreach (var node in Nodes)
        {
            if (node.IsInput) continue;
            var result = node.Layer.ComputeOutputShapes(node.InputTensors.Select(t => shapes[t]).ToList());
            for (var i = 0; i < result.Count; i++) shapes[node.OutputTensors[i]] = result[i];
        }
        return Outputs.Select(o => shapes[o]).ToList();
    }
}
