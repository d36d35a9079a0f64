using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Onnx;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

// The call paths: real tensors compute, symbolic tensors add a node to the graph. Both build the layer first.
public abstract partial class Layer
{
    internal readonly List<Node> InboundNodesList = [];

    /// <summary>The calls of this layer on symbolic tensors (its places in functional graphs).</summary>
    public IReadOnlyList<Node> InboundNodes => InboundNodesList;

    /// <summary>The symbolic input(s) of this layer's first call in a graph.</summary>
    public KerasTensorList Input => new(FirstNode("input").InputTensors);

    /// <summary>The symbolic output(s) of this layer's first call in a graph.</summary>
    public KerasTensorList Output => new(FirstNode("output").OutputTensors);

    Node FirstNode(string what) => InboundNodesList.Count > 0
        ? InboundNodesList[0]
        : throw new InvalidOperationException($"The layer '{Name}' has never been called on symbolic tensors and thus has no defined {what}.");

    // ---------------------------------------------------------------- real tensors

    /// <summary>Applies the layer to one tensor.</summary>
    /// <param name="input">The input data.</param>
    /// <param name="training">Training mode (Dropout drops, BatchNormalization uses batch statistics). Defaults to the enclosing call's mode, else false.</param>
    public Tensor Apply(Tensor input, bool? training = null) => Apply(new Inputs { input }, training).Single($"Layer '{Name}'");

    /// <summary>Applies the layer to several tensors (e.g. a merge layer).</summary>
    public Tensor Apply(params Tensor[] inputs) => Apply((Inputs)inputs, null).Single($"Layer '{Name}'");

    /// <summary>Applies the layer (or model) to inputs given by position or by name.</summary>
    /// <param name="inputs">The input data.</param>
    /// <param name="training">Training mode. Defaults to the enclosing call's mode, else false.</param>
    public Outputs Apply(Inputs inputs, bool? training = null) => LayerCallRecorder.Active is { } recorder
        ? recorder.Record(this, inputs, () => ApplyUnrecorded(inputs, training))
        : ApplyUnrecorded(inputs, training);

    Outputs ApplyUnrecorded(Inputs inputs, bool? training)
    {
        var isTraining = CallContext.Resolve(training);
        using var context = CallContext.Enter(isTraining);
        using var lossCall = EnterLossCall();
        var prepared = PrepareInputs(inputs);
        var shapes = new List<int?[]>(prepared.Count);
        foreach (var t in prepared) shapes.Add(Shapes.Of(t));
        if (BuildsByCalling && !Built) return AddActivityLosses(BuildByCalling(prepared, shapes, isTraining));
        if (!Built) CheckInputs(shapes); // a spec set at construction reports the real shape, as Keras does
        EnsureBuilt(shapes);
        CheckInputs(shapes);
        var outputs = Call(prepared, isTraining);
        AfterCall(outputs);
        return AddActivityLosses(outputs);
    }

    /// <summary>
    /// The computation for any number of inputs. Override it for layers with several inputs or outputs and for
    /// subclassed models; single-input layers override <see cref="Call(Tensor, bool)"/> instead.
    /// </summary>
    protected virtual Outputs Call(Inputs inputs, bool training) => Call(inputs.Single($"Layer '{Name}'"), training);

    /// <summary>The computation of a single-input, single-output layer.</summary>
    protected virtual Tensor Call(Tensor inputs, bool training) =>
        throw new NotImplementedException($"Layer '{Name}' ({ClassName}) must override Call.");

    /// <summary>Runs after each call on data (models note how many outputs they produce).</summary>
    internal virtual void AfterCall(Outputs outputs)
    {
    }

    /// <summary>Whether integer or boolean inputs are converted to the layer's dtype first (false for e.g. Embedding).</summary>
    protected virtual bool CastInputs => true;

    Inputs PrepareInputs(Inputs inputs)
    {
        if (!CastInputs) return inputs;
        var target = ComputeType;
        var allMatch = true;
        foreach (var t in inputs) allMatch &= t.dtype == target;
        if (allMatch) return inputs;
        var cast = new Inputs();
        for (var i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i].dtype == target ? inputs[i] : inputs[i].to(target);
            if (inputs.Names[i] is { } n) cast[n] = t;
            else cast.Add(t);
        }
        return cast;
    }

    // ---------------------------------------------------------------- symbolic tensors

    /// <summary>Applies the layer to a symbolic tensor: records the call in the graph and returns its symbolic output.</summary>
    public KerasTensor Apply(KerasTensor input) => Single(ApplyMany(input));

    /// <summary>Applies the layer to several symbolic tensors (e.g. <c>new Concatenate().Apply(a, b, c)</c>).</summary>
    public KerasTensor Apply(params KerasTensor[] inputs) => Single(ApplyMany(inputs));

    /// <summary>Applies a layer or model with several outputs to symbolic tensors.</summary>
    public KerasTensor[] ApplyMany(params KerasTensor[] inputs)
    {
        if (inputs.Length == 0) throw new ArgumentException($"Layer '{Name}' was called with no inputs.");
        var shapes = inputs.Select(t => t.Shape).ToList();
        IReadOnlyList<int?[]> outputShapes;
        if (BuildsByCalling)
            outputShapes = ShapeInference.Run(this, shapes, inputs.Select(t => t.Layer is InputLayer ? t.Name : null).ToList());
        else
        {
            if (!Built) CheckInputs(shapes);
            EnsureBuilt(shapes);
            CheckInputs(shapes);
            outputShapes = ComputeOutputShapes(shapes);
        }
        var dtype = ComputeOutputDtype(inputs.Select(t => t.Dtype).ToList());
        var outputs = outputShapes.Select(s => new KerasTensor(s, dtype)).ToArray();
        _ = new Node(this, inputs, outputs);
        return outputs;
    }

    KerasTensor Single(KerasTensor[] outputs) => outputs.Length == 1
        ? outputs[0]
        : throw new InvalidOperationException($"Layer '{Name}' returns {outputs.Length} outputs; use ApplyMany to receive them all.");

    /// <summary>The dtype of the symbolic outputs. Defaults to the layer's dtype.</summary>
    protected virtual string ComputeOutputDtype(IReadOnlyList<string> inputDtypes) => Dtype;

    // ---------------------------------------------------------------- lifecycle

    /// <summary>
    /// Creates the layer's weights for inputs of <paramref name="inputShape"/> (<c>null</c> for unknown dimensions).
    /// Called once, before the first call; overrides create weights with <see cref="AddWeight"/> and may set
    /// <see cref="InputSpec"/>.
    /// </summary>
    public virtual void Build(int?[] inputShape) => Built = true;

    /// <summary>Creates the weights for a layer with several inputs. Defaults to <see cref="Build(int?[])"/> for one input.</summary>
    public virtual void Build(IReadOnlyList<int?[]> inputShapes)
    {
        if (inputShapes.Count == 1) Build(inputShapes[0]);
        else Built = true;
    }

    /// <summary>
    /// The output shape for inputs of <paramref name="inputShape"/>, without data. The default runs
    /// <c>Call</c> on zeros (twice, to tell which dimensions follow the unknown ones); layers override it with a formula.
    /// </summary>
    public virtual int?[] ComputeOutputShape(int?[] inputShape) => ShapeInference.Run(this, [inputShape])[0];

    /// <summary>Output shapes for several inputs (or several outputs). Defaults to <see cref="ComputeOutputShape"/> for one input.</summary>
    public virtual IReadOnlyList<int?[]> ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes) =>
        inputShapes.Count == 1 ? [ComputeOutputShape(inputShapes[0])] : ShapeInference.Run(this, inputShapes);

    /// <summary>The input shapes the layer was built for (batch axis unknown), when built by a call.</summary>
    internal IReadOnlyList<int?[]>? BuildShapes { get; set; }

    /// <summary>The names the inputs were passed by when built by a call (null entries: by position); the ONNX export traces with them.</summary>
    internal IReadOnlyList<string?>? BuildInputNames { get; private set; }

    /// <summary>The element types of the inputs when built by a call; the ONNX export traces with them.</summary>
    internal IReadOnlyList<ScalarType>? BuildInputTypes { get; private set; }

    /// <summary>
    /// True for layers whose weights come into being during their first call (subclassed models, whose sublayers
    /// build themselves), rather than from a <c>Build</c> that only sees shapes.
    /// </summary>
    internal virtual bool BuildsByCalling => false;

    Outputs BuildByCalling(Inputs inputs, IReadOnlyList<int?[]> shapes, bool training)
    {
        BuildShapes = WithUnknownBatch(shapes);
        BuildInputNames = inputs.Names.ToList();
        BuildInputTypes = inputs.Select(t => t.dtype).ToList();
        Built = true;
        try
        {
            var outputs = Call(inputs, training);
            AfterCall(outputs);
            return outputs;
        }
        catch
        {
            Built = false;
            throw;
        }
    }

    static List<int?[]> WithUnknownBatch(IReadOnlyList<int?[]> shapes) => shapes.Select(s => s.Length == 0 ? s : [null, .. s[1..]]).ToList();

    internal void EnsureBuilt(IReadOnlyList<int?[]> shapes)
    {
        if (Built) return;
        BuildShapes = WithUnknownBatch(shapes);
        Build(BuildShapes);
        Built = true;
    }

    /// <summary>Checks inputs against <see cref="InputSpec"/>; models check against their declared inputs.</summary>
    protected virtual void CheckInputs(IReadOnlyList<int?[]> shapes)
    {
        if (InputSpec is null) return;
        for (var i = 0; i < shapes.Count; i++) InputSpec.Check(this, i, shapes[i]);
    }
}
