using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

// Keras's overlap losses for segmentation masks: one minus a soft Dice or Tversky index.
public static partial class LossFunctions
{
    /// <summary>
    /// <c>1 − 2·Σ(yTrue·yPred) / (Σ yTrue + Σ yPred + ε)</c>, the sums over <paramref name="axis"/> (every axis when
    /// null, which gives one value for the whole batch).
    /// </summary>
    /// <param name="yTrue">Target masks in [0, 1].</param>
    /// <param name="yPred">Predicted probabilities.</param>
    /// <param name="axis">The axes summed over, e.g. [1, 2] for one value per image. Defaults to null (every axis).</param>
    public static Tensor Dice(Tensor yTrue, Tensor yPred, int[]? axis = null)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var intersection = SumOver(yTrue * yPred, axis);
        return 1.0 - 2.0 * intersection / (SumOver(yTrue, axis) + SumOver(yPred, axis) + Epsilon);
    }

    /// <summary>
    /// <c>1 − TP / (TP + α·FP + β·FN + ε)</c> with the soft counts <c>TP = Σ yTrue·yPred</c>,
    /// <c>FP = Σ (1 − yTrue)·yPred</c>, <c>FN = Σ yTrue·(1 − yPred)</c> over <paramref name="axis"/> (every axis when
    /// null); α = β = 0.5 is the Dice loss.
    /// </summary>
    /// <param name="yTrue">Target masks in [0, 1].</param>
    /// <param name="yPred">Predicted probabilities.</param>
    /// <param name="alpha">The weight of false positives. Defaults to 0.5.</param>
    /// <param name="beta">The weight of false negatives. Defaults to 0.5.</param>
    /// <param name="axis">The axes summed over. Defaults to null (every axis).</param>
    public static Tensor Tversky(Tensor yTrue, Tensor yPred, double alpha = 0.5, double beta = 0.5, int[]? axis = null)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var truePositives = SumOver(yPred * yTrue, axis);
        var falsePositives = SumOver((1.0 - yTrue) * yPred, axis);
        var falseNegatives = SumOver(yTrue * (1.0 - yPred), axis);
        return 1.0 - truePositives / (truePositives + falsePositives * alpha + falseNegatives * beta + Epsilon);
    }

    static Tensor SumOver(Tensor x, int[]? axis) => axis is null ? x.sum() : x.sum(axis.Select(a => (long)a).ToArray());
}
