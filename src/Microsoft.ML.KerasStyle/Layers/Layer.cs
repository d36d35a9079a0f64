using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Regularizers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// The base of every layer and model, with Keras's lifecycle: configuration in the constructor,
/// <see cref="Build(int?[])"/> creates the weights on first use (from the input shape), <c>Call</c> computes,
/// <see cref="ComputeOutputShape"/> tells the output shape without data, <see cref="GetConfig"/> describes the layer.
/// Apply a layer to real tensors to compute, or to <see cref="KerasTensor"/>s to build a functional graph.
/// </summary>
public abstract partial class Layer
{
    readonly List<Variable> trainableVariables = [];
    readonly List<Variable> nonTrainableVariables = [];
    bool trainable;
    bool built;

    /// <summary>Creates a layer.</summary>
    /// <param name="name">The layer's name. Defaults to the snake_case class name made unique (<c>dense</c>, <c>dense_1</c>…).</param>
    /// <param name="trainable">Whether the layer's weights are trained. Defaults to true.</param>
    /// <param name="dtype">The dtype of weights and computations. Defaults to <c>float32</c>.</param>
    protected Layer(string? name = null, bool trainable = true, string dtype = "float32")
    {
        if (name is { Length: 0 } || name?.Contains('/') == true)
            throw new ArgumentException($"Invalid layer name '{name}': names must be non-empty and cannot contain '/'.", nameof(name));
        Name = name ?? Naming.Unique(AutoNameBase());
        this.trainable = trainable;
        ComputeType = Dtypes.ToScalarType(dtype);
        Dtype = Dtypes.ToName(ComputeType);
    }

    // The dtype as torch's enum, looked up once rather than on every call.
    internal ScalarType ComputeType { get; }

    /// <summary>The layer's name, unique within a model.</summary>
    public string Name { get; }

    /// <summary>The dtype of weights and computations.</summary>
    public string Dtype { get; }

    /// <summary>True once the weights exist (after <see cref="Build(int?[])"/> or the first call).</summary>
    public bool Built
    {
        get => built || trainableVariables.Count + nonTrainableVariables.Count > 0;
        protected set => built = value;
    }

    /// <summary>What this layer accepts; checked on every call once set (usually by <c>Build</c>).</summary>
    public InputSpec? InputSpec { get; protected set; }

    /// <summary>
    /// Whether the layer's weights are updated in training. Setting it sets every weight's flag and every sublayer's,
    /// as Keras does (a frozen layer's weights all become non-trainable).
    /// </summary>
    public virtual bool Trainable
    {
        get => trainable;
        set
        {
            trainable = value;
            foreach (var v in trainableVariables) v.Trainable = value;
            foreach (var layer in Sublayers) layer.Trainable = value;
        }
    }

    /// <summary>All weights: this layer's trainable ones, its non-trainable ones, then its sublayers', as Keras orders them.</summary>
    public IReadOnlyList<Variable> Weights
    {
        get
        {
            var all = new List<Variable>(trainableVariables);
            all.AddRange(nonTrainableVariables);
            foreach (var layer in Sublayers)
                foreach (var w in layer.Weights)
                    if (!all.Contains(w)) all.Add(w);
            return all;
        }
    }

    /// <summary>The weights an optimizer updates (none when the layer is frozen).</summary>
    public IReadOnlyList<Variable> TrainableWeights => Trainable ? Weights.Where(w => w.Trainable).ToList() : [];

    /// <summary>The weights an optimizer leaves alone (all of them when the layer is frozen), e.g. BatchNormalization's moving statistics.</summary>
    public IReadOnlyList<Variable> NonTrainableWeights => Trainable ? Weights.Where(w => !w.Trainable).ToList() : Weights;

    /// <summary>Number of scalars in all weights.</summary>
    public long CountParams()
    {
        if (!Built)
            throw new InvalidOperationException($"You tried to call CountParams on layer '{Name}', but the layer isn't built. Build it first with Build(inputShape) or by calling it on data.");
        return Weights.Sum(w => w.Size);
    }

    /// <summary>Copies of every weight's value, in <see cref="Weights"/> order (Keras's <c>get_weights</c>).</summary>
    public IReadOnlyList<Tensor> GetWeights()
    {
        using var _ = no_grad();
        return Weights.Select(w => w.Value.detach().clone().DetachFromDisposeScope()).ToList();
    }

    /// <summary>Sets every weight from <paramref name="values"/>, in <see cref="Weights"/> order (Keras's <c>set_weights</c>).</summary>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new ArgumentException($"Layer '{Name}' has {weights.Count} weights but {values.Count} values were given.");
        for (var i = 0; i < weights.Count; i++) weights[i].Assign(values[i]);
    }

    /// <summary>The layers this one holds (fields, properties, lists), found without registration.</summary>
    internal virtual IReadOnlyList<Layer> Sublayers => LayerTracking.FindSublayers(this);

    /// <summary>
    /// Creates a weight owned by this layer. Call it from <see cref="Build(int?[])"/>.
    /// </summary>
    /// <param name="name">The weight's name, e.g. <c>kernel</c>.</param>
    /// <param name="shape">Its shape (every dimension known).</param>
    /// <param name="initializer">How to fill it. Defaults to <c>glorot_uniform</c> for floats, zeros otherwise.</param>
    /// <param name="trainable">Whether optimizers update it. Defaults to true.</param>
    /// <param name="dtype">Its dtype. Defaults to the layer's dtype.</param>
    /// <param name="regularizer">A penalty on the weight, added to <see cref="Losses"/> while it is trainable. Defaults to none.</param>
    /// <param name="constraint">A projection optimizers apply to the weight after each update. Defaults to none.</param>
    protected Variable AddWeight(string name, IReadOnlyList<int?> shape, Initializer? initializer = null, bool trainable = true, string? dtype = null,
                                 Regularizer? regularizer = null, Constraint? constraint = null)
    {
        var type = Dtypes.ToScalarType(dtype ?? Dtype);
        initializer ??= Dtypes.IsFloating(type) ? new GlorotUniform() : new Zeros();
        var concrete = Shapes.Concrete(shape, $"Weight '{name}' of layer '{Name}'");
        using var _ = no_grad();
        var value = initializer.Call(concrete, type);
        var variable = new Variable(name, $"{Name}/{name}", value, trainable && this.trainable) { Regularizer = regularizer, Constraint = constraint };
        (trainable ? trainableVariables : nonTrainableVariables).Add(variable);
        return variable;
    }

    /// <summary>The layer's constructor arguments as Keras's <c>get_config</c> names them.</summary>
    public virtual Dictionary<string, object?> GetConfig() => WithActivityRegularizer(new()
    {
        ["name"] = Name,
        ["trainable"] = Trainable,
        ["dtype"] = Dtype,
    });

    /// <summary>The Keras class name shown in summaries and configs (the C# class name).</summary>
    public virtual string ClassName => GetType().Name;

    string AutoNameBase() => this is Model && GetType() == typeof(Model) ? "functional" : Naming.ToSnakeCase(GetType().Name);

    /// <inheritdoc/>
    public override string ToString() => $"<{ClassName} name={Name}, built={Built}>";
}
