using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

// Compile: the optimizer, the loss and the metrics that Fit and Evaluate use; ComputeLoss and the metrics for custom steps.
public partial class Model
{
    CompileLoss? compileLoss;
    readonly Mean lossTracker = new(name: "loss");

    /// <summary>True after <see cref="Compile"/>.</summary>
    public bool Compiled { get; private set; }

    /// <summary>The compiled metrics (use them in a custom <c>TrainStep</c>: <c>CompiledMetrics.UpdateState(targets, predictions)</c>).</summary>
    public CompileMetrics? CompiledMetrics { get; private set; }

    /// <summary>The compiled losses per output (null where an output has none).</summary>
    public IReadOnlyList<Loss?> CompiledLosses => compileLoss?.Losses ?? [];

    /// <summary>
    /// Configures the model for training.
    /// </summary>
    /// <param name="optimizer">By Keras name (<c>"rmsprop"</c>, <c>"adam"</c>, …) or object. Defaults to <c>rmsprop</c>.</param>
    /// <param name="loss">One loss, one per output, or by output name. Defaults to none (then <c>TrainStep</c> must be overridden).</param>
    /// <param name="lossWeights">Weights of the per-output losses in the total. Defaults to 1 each.</param>
    /// <param name="metrics">Metrics to report, by name or object; per output as a list of lists or by output name. Defaults to none.</param>
    /// <param name="weightedMetrics">Metrics that also take the sample weights. Defaults to none.</param>
    public void Compile(Optimizer? optimizer = null, LossSpec? loss = null, LossWeights? lossWeights = null,
                        MetricsSpec? metrics = null, MetricsSpec? weightedMetrics = null)
    {
        Optimizer = optimizer ?? OptimizerRegistry.Get("rmsprop");
        CompileArguments = (optimizer, loss, lossWeights, metrics, weightedMetrics);
        compileLoss = null;
        CompiledMetrics = null;
        Compiled = true;
        if (KnownOutputNames() is { } outputs) BuildCompiled(outputs);
    }

    // A subclassed model's outputs are known once it has been called; until then losses and metrics wait.
    void BuildCompiled(IReadOnlyList<string> outputs)
    {
        var (_, loss, lossWeights, metrics, weightedMetrics) = CompileArguments;
        compileLoss = loss is null ? null : new CompileLoss(loss, lossWeights, outputs, Name);
        CompiledMetrics = new CompileMetrics(metrics, weightedMetrics, outputs, compileLoss?.Losses ?? outputs.Select(_ => (Loss?)null).ToList(), Name);
    }

    void EnsureCompiledFor(int outputCount)
    {
        if (!Compiled || CompiledMetrics is not null) return;
        subclassedOutputNames ??= Enumerable.Range(1, outputCount).Select(i => $"output_{i}").ToList();
        BuildCompiled(subclassedOutputNames);
    }

    /// <summary>What Compile was given (for saving the compile config).</summary>
    internal (Optimizer? Optimizer, LossSpec? Loss, LossWeights? LossWeights, MetricsSpec? Metrics, MetricsSpec? WeightedMetrics) CompileArguments { get; private set; }

    // Subclassed models name their outputs output_1, output_2… (known after their first call).
    IReadOnlyList<string>? KnownOutputNames() => IsFunctional ? OutputNames : subclassedOutputNames;

    IReadOnlyList<string>? subclassedOutputNames;

    internal override void AfterCall(Outputs outputs)
    {
        if (!IsFunctional && subclassedOutputNames?.Count != outputs.Count)
            subclassedOutputNames = Enumerable.Range(1, outputs.Count).Select(i => $"output_{i}").ToList();
    }

    /// <summary>
    /// The total loss for a batch, as Keras's <c>compute_loss</c>: each output's compiled loss (with sample weights) times
    /// its weight, plus every loss in <see cref="Layers.Layer.Losses"/> (regularizers, <c>AddLoss</c>), summed. Use it in an
    /// overridden <c>TrainStep</c>, after the forward pass whose losses count.
    /// </summary>
    public Tensor ComputeLoss(Outputs targets, Outputs predictions, Tensor? sampleWeight = null)
    {
        EnsureCompiledFor(predictions.Count);
        Tensor? compiled = null;
        if (compileLoss is not null)
        {
            if (targets.Count != predictions.Count)
                throw new ArgumentException($"Model '{Name}' produced {predictions.Count} outputs but {targets.Count} targets were given.");
            compiled = compileLoss.Compute(targets.ToList(), predictions.ToList(), sampleWeight);
        }
        return WithAdditionalLosses(compiled);
    }

    /// <summary>
    /// The metrics Keras 3 lists in <c>model.metrics</c>: the loss tracker (<c>loss</c>), the compiled metrics as one
    /// (<c>compile_metrics</c>), then the per-output loss trackers of a multi-output model.
    /// </summary>
    public IReadOnlyList<Metric> Metrics
    {
        get
        {
            var all = new List<Metric> { lossTracker };
            if (CompiledMetrics is not null) all.Add(CompiledMetrics);
            if (compileLoss is not null) all.AddRange(compileLoss.OutputTrackers.Where(t => t is not null)!);
            return all;
        }
    }

    /// <summary>The names of <see cref="Metrics"/> (Keras's <c>metrics_names</c>).</summary>
    public IReadOnlyList<string> MetricsNames => Metrics.Select(m => m.Name).ToList();

    /// <summary>The current value of every metric, by log name (Keras's <c>get_metrics_result</c>).</summary>
    public Callbacks.Logs GetMetricsResult() => Metrics.ToLogs();

    void ResetMetrics()
    {
        foreach (var metric in Metrics) metric.ResetState();
    }

    void RequireCompiled(string what)
    {
        if (!Compiled)
            throw new InvalidOperationException($"You must call Compile() before {what} on model '{Name}': model.Compile(optimizer: \"rmsprop\", loss: \"sparse_categorical_crossentropy\", metrics: [\"accuracy\"]).");
    }
}
