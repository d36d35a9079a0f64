using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

// Keras's focal crossentropies (Lin et al., 2017): crossentropy scaled down where the prediction is already confident.
public static partial class LossFunctions
{
    /// <summary>
    /// Binary focal crossentropy averaged over <paramref name="axis"/>: <c>(1 − p_t)^γ · bce</c> with
    /// <c>p_t = t·p + (1 − t)·(1 − p)</c>, times <c>t·α + (1 − t)·(1 − α)</c> when
    /// <paramref name="applyClassBalancing"/>. The crossentropy clips probabilities to [ε, 1 − ε]; logits go through a
    /// sigmoid first.
    /// </summary>
    /// <param name="yTrue">Targets in [0, 1].</param>
    /// <param name="yPred">Probabilities, or logits when <paramref name="fromLogits"/>.</param>
    /// <param name="applyClassBalancing">Whether to weight positives by α and negatives by 1 − α. Defaults to false.</param>
    /// <param name="alpha">The weight of the positive class when balancing. Defaults to 0.25.</param>
    /// <param name="gamma">The focusing exponent γ; 0 gives plain binary crossentropy. Defaults to 2.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits. Defaults to false.</param>
    /// <param name="labelSmoothing">Squeezes targets towards 0.5: <c>t·(1 − s) + 0.5·s</c>. Defaults to 0.</param>
    /// <param name="axis">The axis averaged over. Defaults to -1.</param>
    public static Tensor BinaryFocalCrossentropy(Tensor yTrue, Tensor yPred, bool applyClassBalancing = false, double alpha = 0.25,
        double gamma = 2.0, bool fromLogits = false, double labelSmoothing = 0, int axis = -1)
    {
        CheckSmoothing(labelSmoothing, "binary_focal_crossentropy");
        (yTrue, yPred) = Align(yTrue, yPred);
        RequireSameShape(yTrue, yPred, "binary_focal_crossentropy", "");
        if (labelSmoothing != 0) yTrue = yTrue * (1.0 - labelSmoothing) + 0.5 * labelSmoothing;
        if (fromLogits) yPred = yPred.sigmoid();
        var clipped = yPred.clamp(Scalars.Of(Epsilon), Scalars.Of(1.0 - Epsilon));
        var bce = -(yTrue * clipped.log() + (1.0 - yTrue) * (1.0 - clipped).log());
        // Keras forms p_t from the unclipped probabilities.
        var pT = yTrue * yPred + (1.0 - yTrue) * (1.0 - yPred);
        var focal = (1.0 - pT).pow(gamma) * bce;
        if (applyClassBalancing) focal = (yTrue * alpha + (1.0 - yTrue) * (1.0 - alpha)) * focal;
        return focal.mean([Shapes.Axis(axis, (int)focal.dim(), "binary_focal_crossentropy")]);
    }

    /// <summary>
    /// Categorical focal crossentropy over <paramref name="axis"/>: <c>−Σ α·(1 − p)^γ · t·log p</c>, the probabilities
    /// divided by their sum and clipped to [ε, 1 − ε] (logits go through a softmax first).
    /// </summary>
    /// <param name="yTrue">One-hot (or soft) targets, the shape of <paramref name="yPred"/>.</param>
    /// <param name="yPred">Probabilities, or logits when <paramref name="fromLogits"/>.</param>
    /// <param name="alpha">A weight on every class's term. Defaults to 0.25.</param>
    /// <param name="gamma">The focusing exponent γ. Defaults to 2.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits. Defaults to false.</param>
    /// <param name="labelSmoothing">Mixes targets with the uniform distribution: <c>t·(1 − s) + s / classes</c>. Defaults to 0.</param>
    /// <param name="axis">The class axis. Defaults to -1.</param>
    public static Tensor CategoricalFocalCrossentropy(Tensor yTrue, Tensor yPred, double alpha = 0.25, double gamma = 2.0,
        bool fromLogits = false, double labelSmoothing = 0, int axis = -1)
    {
        CheckSmoothing(labelSmoothing, "categorical_focal_crossentropy");
        (yTrue, yPred) = Align(yTrue, yPred);
        RequireSameShape(yTrue, yPred, "categorical_focal_crossentropy",
            " For integer class labels, one-hot encode them first.");
        var classAxis = Shapes.Axis(axis, (int)yPred.dim(), "categorical_focal_crossentropy");
        if (labelSmoothing != 0) yTrue = yTrue * (1.0 - labelSmoothing) + labelSmoothing / yPred.shape[classAxis];
        if (fromLogits) yPred = yPred.softmax(classAxis);
        var output = (yPred / yPred.sum([classAxis], keepdim: true)).clamp(Scalars.Of(Epsilon), Scalars.Of(1.0 - Epsilon));
        var crossentropy = -yTrue * output.log();
        return ((1.0 - output).pow(gamma) * alpha * crossentropy).sum([classAxis]);
    }
}
