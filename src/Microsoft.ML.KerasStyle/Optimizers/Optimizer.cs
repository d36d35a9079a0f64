using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// The base of Keras's optimizers, with Keras's update order: build the slot variables on first use, drop missing
/// gradients, clip (<c>clipnorm</c> per gradient, <c>clipvalue</c>, or <c>global_clipnorm</c>), apply decoupled weight
/// decay (<c>w -= w · weight_decay · lr</c>), run each variable's <see cref="UpdateStep"/>, project each updated variable
/// by its <see cref="Variable.Constraint"/>, then count the iteration.
/// Subclasses implement Keras's formula for one variable (they differ from torch.optim's).
/// </summary>
public abstract class Optimizer
{
    readonly LearningRateSchedule schedule;
    readonly List<Variable> slotVariables = [];
    readonly Variable? learningRateVariable;

    /// <summary>Creates an optimizer.</summary>
    /// <param name="learningRate">A number or a schedule.</param>
    /// <param name="weightDecay">Decoupled weight decay. Defaults to none.</param>
    /// <param name="clipnorm">Clip each gradient to this norm. Defaults to none.</param>
    /// <param name="clipvalue">Clip each gradient element to ±this. Defaults to none.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global norm. Defaults to none.</param>
    /// <param name="name">The optimizer's name. Defaults to the snake_case class name.</param>
    protected Optimizer(LearningRateSchedule learningRate, double? weightDecay, double? clipnorm, double? clipvalue, double? globalClipnorm, string? name)
    {
        Name = name ?? Backend.Naming.Unique(Backend.Naming.ToSnakeCase(GetType().Name));
        if (new[] { clipnorm, clipvalue, globalClipnorm }.Count(c => c is not null) > 1)
            throw new ArgumentException($"Optimizer '{Name}': only one of clipnorm, clipvalue and globalClipnorm can be set.");
        foreach (var (value, argument) in new[] { (clipnorm, "clipnorm"), (clipvalue, "clipvalue"), (globalClipnorm, "globalClipnorm"), (weightDecay, "weightDecay") })
            if (value is < 0 || value is { } v && !double.IsFinite(v))
                throw new ArgumentException($"Optimizer '{Name}': {argument} must be a non-negative number, received {value}.", argument);
        schedule = learningRate ?? throw new ArgumentNullException(nameof(learningRate));
        WeightDecay = weightDecay;
        Clipnorm = clipnorm;
        Clipvalue = clipvalue;
        GlobalClipnorm = globalClipnorm;
        using var _ = no_grad();
        Iterations = new Variable("iteration", $"{Name}/iteration", zeros([], ScalarType.Int64), trainable: false);
        if (learningRate is ConstantLearningRate constant)
            learningRateVariable = new Variable("learning_rate", $"{Name}/learning_rate", tensor((float)constant.Value), trainable: false);
    }

    /// <summary>The optimizer's name.</summary>
    public string Name { get; }

    /// <summary>Decoupled weight decay, or null.</summary>
    public double? WeightDecay { get; }

    /// <summary>Per-gradient norm clipping, or null.</summary>
    public double? Clipnorm { get; }

    /// <summary>Element-wise gradient clipping, or null.</summary>
    public double? Clipvalue { get; }

    /// <summary>Global-norm gradient clipping, or null.</summary>
    public double? GlobalClipnorm { get; }

    /// <summary>Number of updates applied so far (an int64 variable, saved with the optimizer).</summary>
    public Variable Iterations { get; }

    /// <summary>Number of updates applied so far.</summary>
    public long IterationCount => Backend.HostReads.Long(Iterations.Value);

    /// <summary>The schedule, when the learning rate is not a plain number.</summary>
    public LearningRateSchedule? Schedule => learningRateVariable is null ? schedule : null;

    /// <summary>
    /// The learning rate for the next update. Settable when it is a number (callbacks such as ReduceLROnPlateau do
    /// so); setting a scheduled rate is an error.
    /// </summary>
    public double LearningRate
    {
        get => learningRateVariable is not null ? Backend.HostReads.Float(learningRateVariable.Value) : schedule.Call(IterationCount);
        set
        {
            if (learningRateVariable is null)
                throw new InvalidOperationException($"Optimizer '{Name}' uses a learning rate schedule ({schedule.GetType().Name}); its rate cannot be set.");
            if (!(value > 0) || !double.IsFinite(value))
                throw new ArgumentException($"The learning rate must be a positive number, received {value}.");
            learningRateVariable.Assign(value);
        }
    }

    /// <summary>True once the slot variables exist.</summary>
    public bool Built { get; private set; }

    /// <summary>All state in Keras's order: iterations, the learning rate (when a number), then the slot variables.</summary>
    public IReadOnlyList<Variable> Variables
    {
        get
        {
            var all = new List<Variable> { Iterations };
            if (learningRateVariable is not null) all.Add(learningRateVariable);
            all.AddRange(slotVariables);
            return all;
        }
    }

    /// <summary>Creates the slot variables for <paramref name="variables"/> (called on first use).</summary>
    public void Build(IReadOnlyList<Variable> variables)
    {
        if (Built) return;
        using var _ = no_grad();
        BuildSlots(variables);
        Built = true;
    }

    /// <summary>Creates the optimizer's per-variable state with <see cref="AddVariableFromReference"/>.</summary>
    protected abstract void BuildSlots(IReadOnlyList<Variable> variables);

    /// <summary>
    /// A slot variable shaped like <paramref name="reference"/>, named as Keras names it
    /// (<c>{reference path with / → _}_{name}</c>).
    /// </summary>
    protected Variable AddVariableFromReference(Variable reference, string name, double initialValue = 0)
    {
        var variable = new Variable($"{reference.Path.Replace('/', '_')}_{name}", $"{Name}/{reference.Path.Replace('/', '_')}_{name}",
            full(reference.Value.shape, initialValue, dtype: reference.Value.dtype), trainable: false);
        slotVariables.Add(variable);
        return variable;
    }

    /// <summary>Runs once per update, after weight decay and before the per-variable steps (Nadam advances its state here).</summary>
    protected virtual void BeforeUpdateSteps(double learningRate)
    {
    }

    /// <summary>An optimizer variable that belongs to no model weight (e.g. Nadam's <c>u_product</c>), kept in <see cref="Variables"/>.</summary>
    protected Variable AddVariable(string name, Tensor initialValue)
    {
        var variable = new Variable(name, $"{Name}/{name}", initialValue, trainable: false);
        slotVariables.Add(variable);
        return variable;
    }

    /// <summary>Keras's update of one variable by its gradient at learning rate <paramref name="learningRate"/>.</summary>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, double learningRate);

    /// <summary>Applies <paramref name="gradients"/> (null entries are skipped, as Keras does) to <paramref name="variables"/>.</summary>
    public void ApplyGradients(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        if (gradients.Count != variables.Count)
            throw new ArgumentException($"Optimizer '{Name}': {gradients.Count} gradients for {variables.Count} variables.");
        Build(variables);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pairs = new List<(Tensor Gradient, Variable Variable)>(gradients.Count);
        for (var i = 0; i < gradients.Count; i++)
            if (gradients[i] is { } gradient) pairs.Add((gradient, variables[i]));
        if (pairs.Count == 0) return;
        // Data-parallel training averages the gradients over the processes first (Distribution/GradientAveraging).
        var clipped = Clip(Distribution.GradientAveraging.AcrossProcesses(pairs.ConvertAll(p => p.Gradient)));
        var learningRate = LearningRate;
        if (WeightDecay is { } decay && decay > 0)
            foreach (var (_, variable) in pairs)
                variable.Value.add_(variable.Value, -(decay * learningRate));
        BeforeUpdateSteps(learningRate);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (gradient, dtype) = (clipped[i], pairs[i].Variable.Value.dtype);
            UpdateStep(gradient.dtype == dtype ? gradient : gradient.to(dtype), pairs[i].Variable, learningRate);
        }
        // As Keras: each updated variable's constraint, after every update of the step.
        foreach (var (_, variable) in pairs)
            if (variable.Constraint is { } constraint) variable.Value.copy_(constraint.Call(variable.Value));
        Iterations.Value.add_(Backend.Scalars.One);
    }

    /// <summary>Applies (gradient, variable) pairs.</summary>
    public void ApplyGradients(IEnumerable<(Tensor? Gradient, Variable Variable)> gradientsAndVariables)
    {
        var list = gradientsAndVariables.ToList();
        ApplyGradients(list.Select(p => p.Gradient).ToList(), list.Select(p => p.Variable).ToList());
    }

    List<Tensor> Clip(List<Tensor> gradients)
    {
        // As in Keras, a clipping value of 0 means no clipping.
        if (Clipnorm is { } norm && norm > 0)
            return gradients.Select(g => g * (norm / maximum(g.norm(), tensor(norm, dtype: g.dtype)))).ToList();
        if (Clipvalue is { } value && value > 0)
            return gradients.Select(g => g.clamp(-value, value)).ToList();
        if (GlobalClipnorm is { } global && global > 0)
        {
            var total = sqrt(stack(gradients.Select(g => g.to(ScalarType.Float32).square().sum()).ToList()).sum());
            var factor = global / maximum(total, tensor(global, dtype: total.dtype));
            return gradients.Select(g => g * factor.to(g.dtype)).ToList();
        }
        return gradients;
    }

    /// <summary>Keras's <c>get_config</c>.</summary>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = learningRateVariable is not null ? LearningRate : schedule.GetConfig(),
        ["weight_decay"] = WeightDecay,
        ["clipnorm"] = Clipnorm,
        ["global_clipnorm"] = GlobalClipnorm,
        ["clipvalue"] = Clipvalue,
    };

    /// <summary>Looks an optimizer up by its Keras name, with Keras's defaults.</summary>
    public static implicit operator Optimizer(string name) => OptimizerRegistry.Get(name);
}
