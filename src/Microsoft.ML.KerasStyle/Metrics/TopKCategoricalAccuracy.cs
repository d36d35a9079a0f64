namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>TopKCategoricalAccuracy</c>: how often the one-hot target's class is among the <c>k</c> highest scores.</summary>
/// <param name="k">How many top scores to look at (≥ 1). Defaults to 5.</param>
/// <param name="name">The name shown in logs. Defaults to <c>top_k_categorical_accuracy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class TopKCategoricalAccuracy(int k = 5, string? name = "top_k_categorical_accuracy", string dtype = "float32")
    : MeanMetricWrapper((t, p) => MetricFunctions.TopKCategoricalAccuracy(t, p, k), name ?? "top_k_categorical_accuracy", dtype)
{
    /// <summary>How many top scores are looked at.</summary>
    public int K { get; } = k >= 1 ? k : throw new ArgumentException($"TopKCategoricalAccuracy: k must be ≥ 1. Received: k={k}.", nameof(k));

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["k"] = K;
        return config;
    }
}
