using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The compiled metrics, per output, as one metric named <c>compile_metrics</c> (as Keras 3 shows it in
/// <c>model.MetricsNames</c>). Metrics given by name are resolved on the first batch, when the loss and the data
/// shapes tell which accuracy is meant (as Keras does). Log names are the metric names, prefixed with the output
/// name when the model has several outputs.
/// </summary>
public sealed class CompileMetrics : Metric
{
    readonly List<(int Output, MetricEntry Entry, bool Weighted)> pending = [];
    readonly List<(int Output, Metric Metric, string LogName, bool Weighted)> metrics = [];
    readonly IReadOnlyList<string> outputNames;
    readonly IReadOnlyList<Loss?> losses;

    internal CompileMetrics(MetricsSpec? metricsSpec, MetricsSpec? weightedSpec, IReadOnlyList<string> outputNames, IReadOnlyList<Loss?> losses, string modelName)
        : base(name: "compile_metrics")
    {
        this.outputNames = outputNames;
        this.losses = losses;
        Spread(metricsSpec, weighted: false, modelName);
        Spread(weightedSpec, weighted: true, modelName);
    }

    void Spread(MetricsSpec? spec, bool weighted, string modelName)
    {
        if (spec is null) return;
        var entries = spec.Entries;
        if (entries.Count > 0 && entries.All(e => e.Output is not null))
        {
            foreach (var (output, entry) in entries)
            {
                var i = outputNames.ToList().IndexOf(output!);
                if (i < 0)
                    throw new ArgumentException(
                        $"Model '{modelName}': 'metrics' names an unknown output '{output}'. The outputs are: [{string.Join(", ", outputNames.Select(o => $"'{o}'"))}].");
                foreach (var leaf in entry.Leaves()) pending.Add((i, leaf, weighted));
            }
        }
        else if (entries.Count > 0 && entries.All(e => e.Entry.IsList) && outputNames.Count > 1)
        {
            if (entries.Count != outputNames.Count)
                throw new ArgumentException(
                    $"Model '{modelName}': 'metrics' has {entries.Count} lists but the model has {outputNames.Count} outputs [{string.Join(", ", outputNames)}].");
            for (var i = 0; i < entries.Count; i++)
                foreach (var leaf in entries[i].Entry.Leaves()) pending.Add((i, leaf, weighted));
        }
        else
        {
            for (var i = 0; i < outputNames.Count; i++)
                foreach (var leaf in entries.SelectMany(e => e.Entry.Leaves())) pending.Add((i, leaf, weighted));
        }
    }

    /// <summary>The metric objects in log order (after the first batch).</summary>
    public IReadOnlyList<Metric> Metrics => metrics.Select(m => m.Metric).ToList();

    /// <summary>True once names have been resolved.</summary>
    public bool Built => pending.Count == 0;

    void Build(IReadOnlyList<Tensor> yTrue, IReadOnlyList<Tensor> yPred)
    {
        foreach (var (output, entry, weighted) in pending)
        {
            var metric = entry.Metric ?? MetricRegistry.Resolve(entry.Name!, losses[output],
                Shapes.Of(yTrue[output]).Select(d => d ?? -1).ToArray(), Shapes.Of(yPred[output]).Select(d => d ?? -1).ToArray());
            var logName = outputNames.Count > 1 ? $"{outputNames[output]}_{metric.Name}" : metric.Name;
            if (metrics.Any(m => m.LogName == logName)) logName = weighted ? $"weighted_{logName}" : logName;
            metrics.Add((output, metric, logName, weighted));
        }
        pending.Clear();
    }

    /// <summary>Updates every metric with one batch (weighted metrics see the sample weights).</summary>
    public void UpdateState(IReadOnlyList<Tensor> yTrue, IReadOnlyList<Tensor> yPred, Tensor? sampleWeight = null)
    {
        if (!Built) Build(yTrue, yPred);
        using var _ = no_grad();
        foreach (var (output, metric, _, weighted) in metrics)
            metric.UpdateState(yTrue[output], yPred[output].detach(), weighted ? sampleWeight : null);
    }

    /// <summary>Updates every metric with one batch of targets and predictions in output order.</summary>
    public void UpdateState(TensorStructure yTrue, TensorStructure yPred, Tensor? sampleWeight = null) =>
        UpdateState(yTrue.ToList(), yPred.ToList(), sampleWeight);

    /// <summary>Updates the metrics of a single-output model.</summary>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) => UpdateState([yTrue], [yPred], sampleWeight);

    /// <summary>The current results by log name.</summary>
    public IEnumerable<(string Name, double Value)> Results() => metrics.Select(m => (m.LogName, m.Metric.ResultAsDouble()));

    /// <summary>The result when exactly one metric is compiled; read <see cref="Results"/> otherwise.</summary>
    public override MetricValue Result() => metrics.Count == 1
        ? metrics[0].Metric.Result()
        : throw new InvalidOperationException($"compile_metrics holds {metrics.Count} metrics; read them with Results() or model.GetMetricsResult().");

    /// <summary>Resets every metric.</summary>
    public override void ResetState()
    {
        foreach (var (_, metric, _, _) in metrics) metric.ResetState();
    }
}
