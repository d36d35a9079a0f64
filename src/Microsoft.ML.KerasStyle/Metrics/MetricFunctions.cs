using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's accuracy functions (<c>keras.metrics.binary_accuracy</c>, …): per-sample 1/0 matches as <c>float32</c>.
/// The accuracy metrics average these.
/// </summary>
public static class MetricFunctions
{
    /// <summary>1 where <paramref name="yPred"/> equals <paramref name="yTrue"/>, else 0.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions (compared exactly).</param>
    public static Tensor Accuracy(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = LossReduction.SameRank(yTrue.to(yPred.dtype), yPred);
        return yTrue.eq(yPred).to(ScalarType.Float32);
    }

    /// <summary>1 where <c>yPred &gt; threshold</c> matches the 0/1 target, else 0.</summary>
    /// <param name="yTrue">0/1 targets.</param>
    /// <param name="yPred">Probabilities (or scores).</param>
    /// <param name="threshold">Predictions above it count as 1. Defaults to 0.5.</param>
    public static Tensor BinaryAccuracy(Tensor yTrue, Tensor yPred, double threshold = 0.5)
    {
        (yTrue, yPred) = LossReduction.SameRank(yTrue, yPred);
        return yTrue.eq(yPred.gt(threshold).to(yTrue.dtype)).to(ScalarType.Float32);
    }

    /// <summary>1 where the arg-max of <paramref name="yPred"/> is the arg-max of the one-hot <paramref name="yTrue"/>.</summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Class scores (probabilities or logits).</param>
    public static Tensor CategoricalAccuracy(Tensor yTrue, Tensor yPred)
    {
        var trueClass = yTrue.argmax(-1);
        var originalShape = trueClass.shape;
        var reshape = trueClass.dim() == yPred.dim();
        if (reshape) trueClass = trueClass.squeeze(-1);
        var matches = trueClass.eq(yPred.argmax(-1)).to(ScalarType.Float32);
        return reshape ? matches.reshape(originalShape) : matches;
    }

    /// <summary>1 where the arg-max of <paramref name="yPred"/> is the integer label, else 0; shape (batch, …).</summary>
    /// <param name="yTrue">Integer labels, shape (batch,) or (batch, 1).</param>
    /// <param name="yPred">Class scores (probabilities or logits), shape (batch, classes).</param>
    public static Tensor SparseCategoricalAccuracy(Tensor yTrue, Tensor yPred)
    {
        // Keras compares in the predictions' float dtype; integer labels compare exactly with the int64 arg-max as
        // they are, which spares two casts per batch (float labels such as 2.5 still take Keras's float path).
        var floatLabels = yTrue.is_floating_point();
        var labels = floatLabels ? yTrue.to(yPred.dtype) : yTrue;
        var labelRank = labels.dim();
        // (Ranks and sizes are read one by one: this runs every training step, and TorchSharp's shape array costs more.)
        var reshape = labelRank == yPred.dim() && labelRank > 0 && labels.size(-1) == 1;
        var originalShape = reshape ? labels.shape : null;
        if (reshape) labels = labels.squeeze(-1);
        var predicted = yPred.argmax(-1);
        var matches = (floatLabels ? labels.eq(predicted.to(labels.dtype)) : labels.eq(predicted)).to(ScalarType.Float32);
        if (reshape) matches = matches.reshape(originalShape!);
        return matches.dim() > 1 && matches.size(-1) == 1 ? matches.squeeze(-1) : matches;
    }

    /// <summary>1 where the one-hot target's class is among the <paramref name="k"/> highest scores (ties count as in).</summary>
    /// <param name="yTrue">One-hot targets.</param>
    /// <param name="yPred">Class scores.</param>
    /// <param name="k">How many top scores to look at. Defaults to 5.</param>
    public static Tensor TopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k = 5) =>
        InTopKMatches(yTrue.argmax(-1), yPred, k, "top_k_categorical_accuracy");

    /// <summary>1 where the integer label is among the <paramref name="k"/> highest scores (ties count as in).</summary>
    /// <param name="yTrue">Integer labels, shape (batch,) or (batch, 1).</param>
    /// <param name="yPred">Class scores, shape (batch, classes).</param>
    /// <param name="k">How many top scores to look at. Defaults to 5.</param>
    public static Tensor SparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k = 5)
    {
        var labels = yTrue.to(ScalarType.Int64);
        LossFunctions.CheckLabelRange(labels, yPred.shape[^1], null, "sparse_top_k_categorical_accuracy");
        return InTopKMatches(labels, yPred, k, "sparse_top_k_categorical_accuracy");
    }

    // Keras's in_top_k on the torch backend: the target's score is at least the k-th highest score. Scores are
    // flattened to (samples, classes) and the matches take the targets' shape back.
    static Tensor InTopKMatches(Tensor targets, Tensor yPred, int k, string owner)
    {
        if (k < 1) throw new ArgumentException($"{owner}: k must be ≥ 1. Received: k={k}.", nameof(k));
        var targetShape = targets.shape;
        var classes = yPred.shape[^1];
        var scores = yPred.reshape(-1, classes);
        var flatTargets = targets.reshape(-1).to(ScalarType.Int64);
        if (flatTargets.shape[0] != scores.shape[0])
            throw new ArgumentException(
                $"{owner}: {flatTargets.shape[0]} targets for {scores.shape[0]} rows of predictions (targets of shape " +
                $"({string.Join(", ", targetShape)}), predictions of shape ({string.Join(", ", yPred.shape)})).");
        // k beyond the class count means every class is in the top k.
        var kthHighest = scores.topk((int)Math.Min(k, classes), dim: -1).values.min(-1, keepdim: true).values;
        var targetScores = scores.gather(-1, flatTargets.unsqueeze(-1));
        return targetScores.ge(kthHighest).squeeze(-1).to(ScalarType.Float32).reshape(targetShape);
    }
}
