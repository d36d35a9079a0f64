using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Models;

/// <summary>One call of a layer on symbolic tensors: the edges of a functional model's graph.</summary>
public sealed class Node
{
    internal Node(Layer layer, IReadOnlyList<KerasTensor> inputTensors, IReadOnlyList<KerasTensor> outputTensors)
    {
        Layer = layer;
        InputTensors = inputTensors;
        OutputTensors = outputTensors;
        IndexInLayer = layer.InboundNodesList.Count;
        layer.InboundNodesList.Add(this);
        for (var i = 0; i < outputTensors.Count; i++) outputTensors[i].SetHistory(this, i);
    }

    /// <summary>The layer that was called.</summary>
    public Layer Layer { get; }

    /// <summary>The symbolic tensors it was called on (empty for an input layer).</summary>
    public IReadOnlyList<KerasTensor> InputTensors { get; }

    /// <summary>The symbolic tensors the call produced.</summary>
    public IReadOnlyList<KerasTensor> OutputTensors { get; }

    /// <summary>Position of this node in <see cref="Layer.InboundNodes"/>.</summary>
    public int IndexInLayer { get; }

    /// <summary>True for the node of an <see cref="InputLayer"/>.</summary>
    public bool IsInput => InputTensors.Count == 0;

    /// <summary>The nodes that produced this node's inputs.</summary>
    public IEnumerable<Node> ParentNodes => InputTensors.Select(t => t.Node);
}
