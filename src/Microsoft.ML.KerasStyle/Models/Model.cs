using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Models;

/// <summary>
/// A model: layers grouped for training and inference. Made three ways, freely mixed:
/// functional (<c>new Model(inputs, outputs)</c> over <see cref="KerasTensor"/>s), <see cref="Sequential"/>, or by
/// subclassing — override <c>Call(Inputs, bool)</c> and keep layers in fields (they are tracked automatically).
/// A model is a layer, so models nest inside other models.
/// </summary>
public partial class Model : Layer
{
    FunctionalGraph? graph;

    /// <summary>Creates a subclassed model (override <c>Call</c>).</summary>
    /// <param name="name">Model name. Defaults to the snake_case class name made unique.</param>
    /// <param name="trainable">Whether the weights are trained. Defaults to true.</param>
    public Model(string? name = null, bool trainable = true) : base(name, trainable)
    {
    }

    /// <summary>Creates a functional model from one input and one output.</summary>
    /// <param name="inputs">The <see cref="Keras.Input"/> tensor.</param>
    /// <param name="outputs">A symbolic tensor computed from it.</param>
    /// <param name="name">Model name. Defaults to <c>functional</c>, <c>functional_1</c>, ….</param>
    public Model(KerasTensor inputs, KerasTensor outputs, string? name = null) : this([inputs], [outputs], name)
    {
    }

    /// <summary>Creates a functional model with several inputs and/or outputs (in this order).</summary>
    /// <param name="inputs">The <see cref="Keras.Input"/> tensors.</param>
    /// <param name="outputs">Symbolic tensors computed from them.</param>
    /// <param name="name">Model name. Defaults to <c>functional</c>, <c>functional_1</c>, ….</param>
    public Model(KerasTensor[] inputs, KerasTensor[] outputs, string? name = null) : base(name)
    {
        SetGraph(inputs, outputs);
    }

    /// <summary>Creates a functional model with several inputs and one output.</summary>
    public Model(KerasTensor[] inputs, KerasTensor outputs, string? name = null) : this(inputs, [outputs], name)
    {
    }

    /// <summary>Creates a functional model with one input and several outputs.</summary>
    public Model(KerasTensor inputs, KerasTensor[] outputs, string? name = null) : this([inputs], outputs, name)
    {
    }

    /// <summary>True for functional (and built Sequential) models: the model has an inspectable graph.</summary>
    public bool IsFunctional => graph is not null;

    internal FunctionalGraph? Graph => graph;

    /// <summary><c>Functional</c> for models made with <c>new Model(inputs, outputs)</c>, as Keras names them; else the class name.</summary>
    public override string ClassName => GetType() == typeof(Model) && graph is not null ? "Functional" : base.ClassName;

    internal void SetGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        graph = new FunctionalGraph(inputs, outputs, Name);
        Built = true;
    }

    internal void ClearGraph() => graph = null;

    FunctionalGraph RequireGraph(string what) => graph ?? throw new InvalidOperationException(
        $"Model '{Name}' ({ClassName}) has no graph, so it has no {what}: a subclassed model's connections live in its Call method. " +
        "Use a functional model (new Model(inputs, outputs)) to inspect or reuse inner tensors.");

    /// <summary>The model's layers: for functional models in graph order including input layers; for subclassed models the tracked ones.</summary>
    public virtual IReadOnlyList<Layer> Layers => graph?.Layers ?? Sublayers;

    /// <summary>The symbolic inputs of a functional model.</summary>
    public IReadOnlyList<KerasTensor> InputTensors => RequireGraph("symbolic inputs").Inputs;

    /// <summary>The symbolic outputs of a functional model.</summary>
    public IReadOnlyList<KerasTensor> OutputTensors => RequireGraph("symbolic outputs").Outputs;

    /// <summary>Names of the inputs (data can be passed by these names).</summary>
    public IReadOnlyList<string> InputNames => InputTensors.Select(t => t.Name).ToList();

    /// <summary>Names of the outputs: the output layers' names (losses and labels can be given by these names).</summary>
    public IReadOnlyList<string> OutputNames => OutputTensors.Select(t => t.Layer.Name).ToList();

    internal override IReadOnlyList<Layer> Sublayers
    {
        get
        {
            var tracked = LayerTracking.FindSublayers(this);
            if (graph is null) return tracked;
            var all = graph.Layers.ToList();
            all.AddRange(tracked.Where(l => !all.Contains(l)));
            return all;
        }
    }

    /// <summary>The layer named <paramref name="name"/>; an unknown name is an error listing the names.</summary>
    public Layer GetLayer(string name) => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"No such layer: '{name}'. Existing layers are: [{string.Join(", ", Layers.Select(l => $"'{l.Name}'"))}].");

    /// <summary>The layer at <paramref name="index"/> in <see cref="Layers"/>.</summary>
    public Layer GetLayer(int index) => index >= 0 && index < Layers.Count
        ? Layers[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"Model '{Name}' has {Layers.Count} layers; index {index} is out of range.");

    /// <inheritdoc/>
    protected override Outputs Call(Inputs inputs, bool training) => graph is not null
        ? graph.Run(inputs, training, Name)
        : throw new NotImplementedException($"Model '{Name}' ({ClassName}) is neither functional nor overrides Call(Inputs, bool).");

    internal override bool BuildsByCalling => graph is null;

    /// <summary>Models pass data through as given: each inner layer converts what it needs (Embedding keeps integer indices).</summary>
    protected override bool CastInputs => false;

    /// <summary>
    /// Builds a subclassed model for inputs of <paramref name="inputShape"/> by running it once on zeros (creating every
    /// sublayer's weights); a functional model is built already.
    /// </summary>
    public override void Build(int?[] inputShape) => Build([inputShape]);

    /// <inheritdoc/>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        if (Built) return;
        ShapeInference.Run(this, inputShapes);
        // The probe call noted its stand-in sizes; the sizes left unknown here stay unknown (ONNX export traces with them).
        BuildShapes = inputShapes.Select(s => s.Length == 0 ? s : [null, .. s[1..]]).ToList();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<int?[]> ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes) =>
        graph?.ComputeOutputShapes(inputShapes) ?? ShapeInference.Run(this, inputShapes);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShapes([inputShape]) is { Count: 1 } one
        ? one[0]
        : throw new InvalidOperationException($"Model '{Name}' has several outputs; use ComputeOutputShapes.");
}
