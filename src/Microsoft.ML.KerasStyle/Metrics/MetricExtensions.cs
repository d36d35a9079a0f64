using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Helpers for custom training steps.</summary>
public static class MetricExtensions
{
    /// <summary>
    /// Every metric's current result by name, as a custom <c>TrainStep</c> returns them
    /// (<c>return Metrics.ToLogs();</c>); the compiled metrics contribute one entry per metric.
    /// </summary>
    public static Logs ToLogs(this IEnumerable<Metric> metrics)
    {
        var logs = new Logs();
        foreach (var metric in metrics)
        {
            if (metric is CompileMetrics compiled)
                foreach (var (name, value) in compiled.Results()) logs[name] = value;
            else
                logs[metric.Name] = metric.ResultAsDouble();
        }
        return logs;
    }
}
