using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// A symbolic tensor: a shape (with <c>null</c> for the batch axis), a dtype and the layer call that produced it, but no
/// data. Made by <see cref="Keras.Input"/> and by applying layers to other symbolic tensors; a functional
/// <see cref="Model"/> is defined by its input and output symbolic tensors.
/// </summary>
public sealed class KerasTensor
{
    internal KerasTensor(int?[] shape, string dtype, string? name = null)
    {
        Shape = shape;
        Dtype = dtype;
        Name = name ?? Naming.Unique("keras_tensor");
    }

    /// <summary>The shape, <c>null</c> for unknown dimensions (the batch axis).</summary>
    public int?[] Shape { get; }

    /// <summary>The Keras dtype name, e.g. <c>float32</c>.</summary>
    public string Dtype { get; }

    /// <summary>The tensor's name (an input's name for <see cref="Keras.Input"/> tensors).</summary>
    public string Name { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The layer call that produced this tensor.</summary>
    public Node Node { get; private set; } = null!;

    /// <summary>Index of this tensor among <see cref="Node"/>'s outputs.</summary>
    public int TensorIndex { get; private set; }

    /// <summary>The layer that produced this tensor.</summary>
    public Layer Layer => Node.Layer;

    internal void SetHistory(Node node, int tensorIndex)
    {
        Node = node;
        TensorIndex = tensorIndex;
    }

    /// <summary>Keras's reference to this tensor: <c>layer_name[node_index][tensor_index]</c>.</summary>
    internal string HistoryReference => $"{Layer.Name}[{Node.IndexInLayer}][{TensorIndex}]";

    /// <summary>
    /// The <see cref="InputLayer"/> behind a <see cref="Keras.Input"/> tensor, so that
    /// <c>new Sequential([Keras.Input(shape: [784]), new Dense(10)])</c> reads as in Keras.
    /// </summary>
    public static implicit operator Layer(KerasTensor tensor) => tensor.Layer as InputLayer
        ?? throw new ArgumentException($"Only a Keras.Input tensor stands for a layer; '{tensor.Name}' comes from layer '{tensor.Layer.Name}'.");

    /// <inheritdoc/>
    public override string ToString() => $"<KerasTensor shape={Shapes.Format(Shape)}, dtype={Dtype}, sparse=False, name={Name}>";
}
