using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Models;

/// <summary>
/// A plain stack of layers, each feeding the next. Once the input shape is known — from an input declared first
/// (<c>Keras.Input</c>), from <see cref="Build(int?[])"/>, or from the first call on data — the stack is a functional
/// graph, and it is rebuilt after every <see cref="Add(Layer)"/> and <see cref="Pop"/>.
/// </summary>
public class Sequential : Model
{
    readonly List<Layer> stack = [];

    /// <summary>Creates a Sequential model.</summary>
    /// <param name="layers">The layers in order (a <see cref="Keras.Input"/> tensor first declares the input). Defaults to none.</param>
    /// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
    /// <param name="name">Model name. Defaults to <c>sequential</c>, <c>sequential_1</c>, ….</param>
    public Sequential(IEnumerable<Layer>? layers = null, bool trainable = true, string? name = null) : base(name, trainable)
    {
        foreach (var layer in layers ?? []) Add(layer, rebuild: false);
        if (stack.Count > 0) Rebuild();
    }

    /// <summary>The layers, without the input layer (as Keras lists them).</summary>
    public override IReadOnlyList<Layer> Layers => stack.Count > 0 && stack[0] is InputLayer ? stack.Skip(1).ToList() : stack.ToList();

    internal override IReadOnlyList<Layer> Sublayers => stack;

    // A Sequential model builds its graph from the input shape (Build), not by running Call.
    internal override bool BuildsByCalling => false;

    /// <summary>Appends a layer; with a declared input the model is rebuilt at once (so <c>Summary()</c> shows shapes).</summary>
    public void Add(Layer layer) => Add(layer, rebuild: true);

    /// <summary>Declares the input with a <see cref="Keras.Input"/> tensor (<c>model.Add(Keras.Input(shape: [3]))</c>).</summary>
    public void Add(KerasTensor input) => Add((Layer)input, rebuild: true);

    void Add(Layer layer, bool rebuild)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (stack.Any(l => l.Name == layer.Name))
            throw new ArgumentException(
                $"All layers added to a Sequential model should have unique names. Name '{layer.Name}' is already the name of a layer in model '{Name}'. Pass a unique name.");
        if (layer is InputLayer input)
        {
            if (stack.Count > 0 && stack[0] is InputLayer existing)
                throw new ArgumentException(
                    $"Sequential model '{Name}' has already been configured to use input shape {Shapes.Format(existing.BatchShape)}. You cannot add a different Input layer to it.");
            if (stack.Count > 0)
                throw new ArgumentException(
                    $"Sequential model '{Name}' already has layers; declare the input first: new Sequential([Keras.Input(shape: {Shapes.Format(input.BatchShape[1..])}), ...]), or call Build(inputShape).");
        }
        stack.Add(layer);
        if (rebuild) Rebuild();
        else ForgetGraph();
    }

    /// <summary>Removes the last layer and rebuilds.</summary>
    public Layer Pop()
    {
        if (Layers.Count == 0) throw new InvalidOperationException($"Sequential model '{Name}' has no layers to remove.");
        var last = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        Rebuild();
        return last;
    }

    void ForgetGraph()
    {
        ClearGraph();
        Built = false;
    }

    void Rebuild()
    {
        ForgetGraph();
        if (stack.Count > 1 && stack[0] is InputLayer input) BuildGraph(input);
    }

    /// <summary>Builds every layer for inputs of <paramref name="inputShape"/>, e.g. <c>[null, 3]</c>.</summary>
    public override void Build(int?[] inputShape)
    {
        if (stack.Count == 0)
            throw new InvalidOperationException($"Sequential model '{Name}' cannot be built because it has no layers. Call Add(layer) first.");
        if (stack[0] is InputLayer existing)
        {
            if (!existing.BatchShape.SequenceEqual(inputShape))
                throw new ArgumentException(
                    $"Sequential model '{Name}' has already been configured to use input shape {Shapes.Format(existing.BatchShape)}. You cannot build it with input shape {Shapes.Format(inputShape)}.");
            if (!IsFunctional) BuildGraph(existing);
            return;
        }
        var input = new InputLayer(batchShape: inputShape, dtype: stack[0].Dtype);
        stack.Insert(0, input);
        BuildGraph(input);
    }

    /// <inheritdoc/>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        if (inputShapes.Count != 1)
            throw new ArgumentException($"Sequential model '{Name}' takes exactly one input, received {inputShapes.Count} shapes.");
        Build(inputShapes[0]);
    }

    void BuildGraph(InputLayer input)
    {
        var x = input.Output.Single;
        foreach (var layer in stack.Skip(1)) x = layer.Apply(x);
        SetGraph([input.Output.Single], [x]);
    }

    /// <inheritdoc/>
    protected override Outputs Call(Inputs inputs, bool training)
    {
        if (IsFunctional) return base.Call(inputs, training);
        var x = inputs.Single($"Sequential model '{Name}'");
        foreach (var layer in Layers) x = layer.Apply(x, training);
        return x;
    }

    /// <summary>
    /// Keras's Sequential config: name, trainable, dtype, the serialized layers (input layer first) and, once the input is
    /// known, <c>build_input_shape</c>.
    /// </summary>
    public override Dictionary<string, object?> GetConfig() =>
        (Dictionary<string, object?>)Saving.LayerSerializer.Serialize(this, $"model '{Name}'")["config"]!;
}
