using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>Functional.get_config</c>: every layer of the graph (input layers included) with its
/// <c>inbound_nodes</c> — the symbolic tensors each call received, as <c>__keras_tensor__</c> objects whose
/// <c>keras_history</c> is <c>[layer, node_index, tensor_index]</c> — then <c>input_layers</c> and <c>output_layers</c>.
/// </summary>
internal static class FunctionalSerializer
{
    /// <summary>The config of functional <paramref name="model"/>.</summary>
    public static Dictionary<string, object?> Config(Model model, string where)
    {
        var graph = model.Graph!;
        var ownNodes = graph.Nodes.ToHashSet();
        var nodeIndices = NodeIndices(graph.Layers, ownNodes);

        var layers = new List<object?>();
        foreach (var layer in graph.Layers)
        {
            var serialized = LayerSerializer.Serialize(layer, $"{where}.layers.{layer.Name}");
            serialized["name"] = layer.Name;
            serialized["inbound_nodes"] = layer.InboundNodes
                .Where(n => ownNodes.Contains(n) && !n.IsInput)
                .Select(n => (object?)SerializeNode(n, nodeIndices))
                .ToList();
            layers.Add(serialized);
        }
        return new()
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["layers"] = layers,
            // Keras writes a model made from one tensor as a single [layer, node, tensor] and lists otherwise.
            ["input_layers"] = References(graph.Inputs, nodeIndices),
            ["output_layers"] = References(graph.Outputs, nodeIndices),
        };
    }

    /// <summary>
    /// The index of each of the model's nodes among its layer's nodes that belong to the model (Keras's
    /// reindexing); a nested functional model's first node in Keras is its own construction, so its calls count from 1.
    /// </summary>
    static Dictionary<Node, int> NodeIndices(IReadOnlyList<Layer> layers, HashSet<Node> ownNodes)
    {
        var indices = new Dictionary<Node, int>();
        foreach (var layer in layers)
        {
            var kept = IsFunctionalModel(layer) ? 1 : 0;
            foreach (var node in layer.InboundNodes)
                if (ownNodes.Contains(node)) indices[node] = kept++;
        }
        return indices;
    }

    /// <summary>True for a functional model used as a layer (Keras gives those a construction node; Sequential has none).</summary>
    public static bool IsFunctionalModel(Layer layer) => layer is Model { IsFunctional: true } && layer is not Sequential;

    static Dictionary<string, object?> SerializeNode(Node node, Dictionary<Node, int> indices)
    {
        // A layer called on one tensor gets it as its argument; a merge layer gets the list of its inputs.
        var tensors = node.InputTensors.Select(t => (object?)SerializeTensor(t, indices)).ToList();
        return new()
        {
            ["args"] = tensors.Count == 1 ? tensors : new List<object?> { tensors },
            ["kwargs"] = new Dictionary<string, object?>(),
        };
    }

    static Dictionary<string, object?> SerializeTensor(KerasTensor tensor, Dictionary<Node, int> indices) => new()
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new Dictionary<string, object?>
        {
            ["shape"] = tensor.Shape,
            ["dtype"] = tensor.Dtype,
            ["keras_history"] = History(tensor, indices),
        },
    };

    static List<object?> History(KerasTensor tensor, Dictionary<Node, int> indices) =>
        [tensor.Layer.Name, indices[tensor.Node], tensor.TensorIndex];

    static object References(IReadOnlyList<KerasTensor> tensors, Dictionary<Node, int> indices) => tensors.Count == 1
        ? History(tensors[0], indices)
        : tensors.Select(t => (object?)History(t, indices)).ToList();
}
