using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>CosineSimilarity</c> loss: the NEGATIVE cosine similarity along <c>axis</c>, so −1 means identical
/// directions and minimising the loss maximises the similarity; a zero vector gives 0.
/// </summary>
/// <param name="axis">The feature axis. Defaults to -1.</param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>cosine_similarity</c>.</param>
public class CosineSimilarity(int axis = -1, string reduction = "sum_over_batch_size", string? name = "cosine_similarity")
    : Loss(name ?? "cosine_similarity", reduction)
{
    /// <summary>The feature axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.CosineSimilarity(yTrue, yPred, Axis);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
