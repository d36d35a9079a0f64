namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>BinaryAccuracy</c>: how often <c>yPred &gt; threshold</c> matches the 0/1 target.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>binary_accuracy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
/// <param name="threshold">Predictions above it count as 1. Defaults to 0.5.</param>
public class BinaryAccuracy(string? name = "binary_accuracy", string dtype = "float32", double threshold = 0.5)
    : MeanMetricWrapper((t, p) => MetricFunctions.BinaryAccuracy(t, p, threshold), name ?? "binary_accuracy", dtype)
{
    /// <summary>Predictions above it count as 1.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }
}
