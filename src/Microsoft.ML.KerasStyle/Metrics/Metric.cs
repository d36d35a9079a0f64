using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Initializers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// A stateful metric, as Keras's <c>Metric</c>: state variables made with <see cref="AddWeight"/>,
/// <see cref="UpdateState(Tensor, Tensor, Tensor?)"/> accumulates a batch, <see cref="Result"/> reads the value,
/// <see cref="ResetState"/> starts over. Pass built-in metrics by Keras name (<c>"accuracy"</c>) or as objects.
/// </summary>
public abstract class Metric
{
    readonly List<(Variable Variable, Initializer Initializer)> variables = [];

    /// <summary>Creates a metric.</summary>
    /// <param name="name">The name shown in logs. Defaults to the snake_case class name.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    protected Metric(string? name = null, string dtype = "float32")
    {
        Name = name ?? Naming.ToSnakeCase(GetType().Name);
        Dtype = dtype;
    }

    /// <summary>The name shown in logs and the progress bar.</summary>
    public string Name { get; }

    /// <summary>The dtype of the state.</summary>
    public string Dtype { get; }

    /// <summary>The state variables, in creation order.</summary>
    public IReadOnlyList<Variable> Variables => variables.Select(v => v.Variable).ToList();

    /// <summary>Creates a state variable (non-trainable), reset to its initializer by <see cref="ResetState"/>.</summary>
    /// <param name="name">The variable's name.</param>
    /// <param name="shape">Its shape. Defaults to a scalar.</param>
    /// <param name="initializer">Its initial value. Defaults to <c>zeros</c>.</param>
    /// <param name="dtype">Its dtype. Defaults to the metric's dtype.</param>
    protected Variable AddWeight(string name, int[]? shape = null, Initializer? initializer = null, ScalarType? dtype = null)
    {
        initializer ??= new Zeros();
        var type = dtype ?? Dtypes.ToScalarType(Dtype);
        using var _ = no_grad();
        var variable = new Variable(name, $"{Name}/{name}", initializer.Call((shape ?? []).Select(d => (long)d).ToArray(), type), trainable: false);
        variables.Add((variable, initializer));
        return variable;
    }

    /// <summary>Accumulates one batch of targets and predictions (with optional per-sample weights).</summary>
    public virtual void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new NotSupportedException($"Metric '{Name}' ({GetType().Name}) does not take (yTrue, yPred); see its own UpdateState.");

    /// <summary>Accumulates one batch given as .NET arrays (e.g. <c>int[]</c> targets and <c>float[][]</c> predictions).</summary>
    public void UpdateState(Array yTrue, Array yPred, Array? sampleWeight = null)
    {
        using var scope = NewDisposeScope();
        UpdateState(TensorConversions.ToTensor(yTrue, "yTrue"), TensorConversions.ToTensor(yPred, "yPred"),
                    sampleWeight is null ? null : TensorConversions.ToTensor(sampleWeight, "sampleWeight"));
    }

    /// <summary>The current value.</summary>
    public abstract MetricValue Result();

    // What logs record after every step: the scalar result as a number. Metrics whose state allows it compute it
    // without creating result tensors.
    internal virtual double ResultAsDouble() => Result().ToDouble();

    /// <summary>Returns every state variable to its initial value.</summary>
    public virtual void ResetState()
    {
        using var _ = no_grad();
        foreach (var (variable, initializer) in variables)
        {
            using var initial = initializer.Call(variable.Value.shape, variable.Value.dtype);
            variable.Value.copy_(initial);
        }
    }

    /// <summary>Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["dtype"] = Dtype };

    /// <summary>Looks a metric up by its Keras name.</summary>
    public static implicit operator Metric(string name) => MetricRegistry.Get(name);

    /// <inheritdoc/>
    public override string ToString() => $"<{GetType().Name} name={Name}>";
}
