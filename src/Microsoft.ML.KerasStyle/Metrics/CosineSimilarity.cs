using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>CosineSimilarity</c> metric: the mean over samples of the cosine similarity along <c>axis</c> (1 for the
/// same direction, −1 for opposite ones, 0 for a zero vector) — the loss of the same name with its sign flipped.
/// </summary>
/// <param name="name">The name shown in logs. Defaults to <c>cosine_similarity</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
/// <param name="axis">The feature axis. Defaults to -1.</param>
public class CosineSimilarity(string? name = "cosine_similarity", string dtype = "float32", int axis = -1)
    : MeanMetricWrapper((t, p) => LossFunctions.CosineSimilarity(t, p, axis).neg(), name ?? "cosine_similarity", dtype)
{
    /// <summary>The feature axis.</summary>
    public int Axis { get; } = axis;

    /// <summary>Keras's <c>get_config</c>, plus <c>axis</c> (which Keras's own leaves out, so a non-default axis survives a save).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
