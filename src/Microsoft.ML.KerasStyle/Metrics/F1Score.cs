namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>F1Score</c>: the harmonic mean of precision and recall per class, <c>2·precision·recall /
/// (precision + recall)</c> — <see cref="FBetaScore"/> with β = 1.
/// </summary>
/// <param name="average">
/// <c>null</c> for one score per class, <c>micro</c>, <c>macro</c> or <c>weighted</c> (see <see cref="FBetaScore"/>). Defaults to null.
/// </param>
/// <param name="threshold">Scores above it are positives, in (0, 1]; null takes each sample's highest score. Defaults to null.</param>
/// <param name="name">The name shown in logs. Defaults to <c>f1_score</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class F1Score(string? average = null, double? threshold = null, string? name = null, string dtype = "float32")
    : FBetaScore("F1Score", average, 1.0, threshold, name ?? "f1_score", dtype)
{
    /// <summary>Keras's <c>get_config</c>: <see cref="FBetaScore"/>'s without <c>beta</c>.</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("beta");
        return config;
    }
}
