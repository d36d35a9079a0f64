using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

// Keras's hinge losses, for classifiers whose outputs are scores (−1/1 or 0/1 targets, or one-hot ones).
public static partial class LossFunctions
{
    /// <summary>
    /// <c>mean(max(1 − yTrue·yPred, 0))</c> over the last axis. Targets are −1/1; when every target of the batch is
    /// 0 or 1 they are read as 0/1 labels and mapped to −1/1 first (as Keras does).
    /// </summary>
    /// <param name="yTrue">Targets: −1/1, or 0/1.</param>
    /// <param name="yPred">Scores.</param>
    public static Tensor Hinge(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return (1.0 - HingeLabels(yTrue) * yPred).clamp_min(0.0).mean([-1]);
    }

    /// <summary>
    /// <c>mean(max(1 − yTrue·yPred, 0)²)</c> over the last axis, with the targets of <see cref="Hinge"/> (0/1 batches
    /// mapped to −1/1).
    /// </summary>
    /// <param name="yTrue">Targets: −1/1, or 0/1.</param>
    /// <param name="yPred">Scores.</param>
    public static Tensor SquaredHinge(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return (1.0 - HingeLabels(yTrue) * yPred).clamp_min(0.0).square().mean([-1]);
    }

    /// <summary>
    /// <c>max(neg − pos + 1, 0)</c> with <c>pos = Σ yTrue·yPred</c> and <c>neg = max((1 − yTrue)·yPred)</c> over the
    /// last axis: the margin between the target class's score and the best other score.
    /// </summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Scores, the shape of <paramref name="yTrue"/>.</param>
    public static Tensor CategoricalHinge(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var positive = (yTrue * yPred).sum([-1]);
        var negative = ((1.0 - yTrue) * yPred).amax([-1]);
        return (negative - positive + 1.0).clamp_min(0.0);
    }

    // Keras's convert_binary_labels_to_hinge: 2t − 1 when every target is 0 or 1, else the targets unchanged. The test
    // stays on the device (a where on a 0-d condition), so no host sync per batch.
    static Tensor HingeLabels(Tensor yTrue)
    {
        var isBinary = (yTrue.eq(0.0) | yTrue.eq(1.0)).all();
        return where(isBinary, yTrue * 2.0 - 1.0, yTrue);
    }
}
