using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>metrics_utils.update_confusion_matrix_variables</c> (without multi-label): adds the weighted counts of
/// true/false positives/negatives at each threshold, a prediction being positive when it is strictly above the
/// threshold.
/// </summary>
internal static class ConfusionMatrixUpdate
{
    /// <summary>Keras's <c>NEG_INF</c>: the threshold used with <c>top_k</c>, below any kept prediction.</summary>
    public const double NegativeInfinity = -1e10;

    /// <summary>The four counts; any may be null when the metric does not keep it.</summary>
    public sealed record Counts(Variable? TruePositives, Variable? FalsePositives, Variable? TrueNegatives, Variable? FalseNegatives);

    /// <summary>Adds one batch to <paramref name="counts"/>.</summary>
    public static void Update(Counts counts, Tensor yTrue, Tensor yPred, double[] thresholds, bool evenlyDistributed,
        Tensor? sampleWeight, int? topK, int? classId, string owner)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // The counts' dtype and device decide: a batch computed elsewhere (e.g. on a GPU) is brought to the state.
        var state = (counts.TruePositives ?? counts.FalsePositives ?? counts.TrueNegatives ?? counts.FalseNegatives)!.Value;
        var (dtype, device) = (state.dtype, state.device);
        var pred = yPred.detach().to(dtype, device);
        var truth = yTrue.detach().to(dtype, device);
        (pred, truth) = LossReduction.SameRank(pred, truth);
        if (!pred.shape.SequenceEqual(truth.shape))
            throw new ArgumentException(
                $"Metric '{owner}': targets and predictions must have the same shape. Received targets of shape ({string.Join(", ", yTrue.shape)}) " +
                $"and predictions of shape ({string.Join(", ", yPred.shape)}).");

        Tensor? weight = null;
        if (sampleWeight is not null)
        {
            // Keras: expand the weights by one axis, then squeeze back (without expanding rank-1 targets) to match.
            weight = sampleWeight.detach().to(dtype, device).unsqueeze(-1);
            if (weight.dim() == truth.dim() + 1 && weight.shape[^1] == 1) weight = weight.squeeze(-1);
        }

        if (topK is { } k) pred = KeepTopK(pred, k, owner);
        if (classId is { } id)
        {
            if (pred.dim() < 2)
                throw new ArgumentException($"Metric '{owner}': class_id needs predictions of shape (samples, classes); received shape ({string.Join(", ", yPred.shape)}).");
            var classes = pred.shape[^1];
            if (id < 0 || id >= classes)
                throw new ArgumentException($"Metric '{owner}': class_id {id} is outside [0, {classes}) for predictions with {classes} classes.");
            pred = pred[TensorIndex.Ellipsis, TensorIndex.Slice(id, id + 1)];
            truth = truth[TensorIndex.Ellipsis, TensorIndex.Slice(id, id + 1)];
        }

        Tensor flatWeight;
        try
        {
            flatWeight = weight is null ? ones(pred.numel(), dtype: dtype, device: pred.device) : weight.broadcast_to(pred.shape).reshape(-1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException(
                $"Metric '{owner}': sample weights of shape ({string.Join(", ", sampleWeight!.shape)}) do not broadcast to the predictions of shape ({string.Join(", ", pred.shape)}).", e);
        }
        var flatPred = pred.reshape(-1);
        var isTrue = truth.reshape(-1).ne(0);

        var threshold = tensor(thresholds, dtype: ScalarType.Float64).to(dtype).to(pred.device);
        Tensor tp, fp;
        if (evenlyDistributed) (tp, fp) = BucketedCounts(flatPred, isTrue, flatWeight, thresholds);
        else
        {
            // (thresholds, predictions): positive where the prediction is above the threshold.
            var positive = flatPred.unsqueeze(0).gt(threshold.unsqueeze(1));
            var trueWeight = where(isTrue, flatWeight, zeros_like(flatWeight)).unsqueeze(0);
            var falseWeight = where(isTrue, zeros_like(flatWeight), flatWeight).unsqueeze(0);
            tp = where(positive, trueWeight, zeros_like(trueWeight)).sum(1);
            fp = where(positive, falseWeight, zeros_like(falseWeight)).sum(1);
        }
        var totalTrue = where(isTrue, flatWeight, zeros_like(flatWeight)).sum();
        var totalFalse = where(isTrue, zeros_like(flatWeight), flatWeight).sum();
        counts.TruePositives?.AssignAdd(tp);
        counts.FalsePositives?.AssignAdd(fp);
        counts.TrueNegatives?.AssignAdd(totalFalse - fp);
        counts.FalseNegatives?.AssignAdd(totalTrue - tp);
    }

    /// <summary>
    /// Keras's memory-saving path for evenly spaced thresholds: each prediction goes to bucket
    /// <c>ceil(p·(n − 1)) − 1</c> (predictions clipped to [0, 1]; with endpoint thresholds at −ε and 1 + ε the first
    /// bucket takes 0), and the count at threshold i is the sum of buckets ≥ i.
    /// </summary>
    static (Tensor Tp, Tensor Fp) BucketedCounts(Tensor pred, Tensor isTrue, Tensor weight, double[] thresholds)
    {
        var n = thresholds.Length;
        var withEpsilon = thresholds[0] < 0 || thresholds[^1] > 1;
        var bucket = (pred.clamp(0.0, 1.0) * (n - 1.0)).ceil() - 1;
        if (withEpsilon) bucket = bucket.relu();
        var index = bucket.to(ScalarType.Int64);
        // Out-of-range buckets (−1 without the endpoint thresholds) go to a spare slot that is dropped, as Keras's segment_sum does.
        index = where((index < 0) | (index >= n), full_like(index, n), index);
        var trueWeight = where(isTrue, weight, zeros_like(weight));
        var falseWeight = where(isTrue, zeros_like(weight), weight);
        var tpBuckets = zeros(n + 1, dtype: weight.dtype, device: weight.device).index_add(0, index, trueWeight, 1)[TensorIndex.Slice(0, n)];
        var fpBuckets = zeros(n + 1, dtype: weight.dtype, device: weight.device).index_add(0, index, falseWeight, 1)[TensorIndex.Slice(0, n)];
        return (tpBuckets.flip(0).cumsum(0).flip(0), fpBuckets.flip(0).cumsum(0).flip(0));
    }

    /// <summary>Keras's <c>_filter_top_k</c>: keeps the k highest predictions of the last axis, the rest become −1e10.</summary>
    static Tensor KeepTopK(Tensor pred, int k, string owner)
    {
        if (k < 1) throw new ArgumentException($"Metric '{owner}': top_k must be ≥ 1. Received: top_k={k}.");
        var classes = pred.dim() == 0 ? 1 : pred.shape[^1];
        var indices = pred.topk((int)Math.Min(k, classes), dim: -1).indexes;
        var keep = zeros_like(pred).scatter(-1, indices, ones_like(indices, dtype: pred.dtype));
        return pred * keep + NegativeInfinity * (1 - keep);
    }

    /// <summary>Keras's <c>is_evenly_distributed_thresholds</c>: at least 3 thresholds at i / (n − 1) (np.allclose).</summary>
    public static bool IsEvenlyDistributed(IReadOnlyList<double> thresholds)
    {
        var n = thresholds.Count;
        if (n < 3) return false;
        for (var i = 0; i < n; i++)
        {
            var even = (double)((float)i / (n - 1));
            if (Math.Abs(thresholds[i] - even) > LossFunctions.Epsilon + 1e-5 * Math.Abs(even)) return false;
        }
        return true;
    }

    /// <summary>Keras's <c>parse_init_thresholds</c>: thresholds in [0, 1], or the default.</summary>
    public static double[] ParseThresholds(double[]? thresholds, double defaultThreshold, string owner)
    {
        if (thresholds is null) return [defaultThreshold];
        if (thresholds.Length == 0) throw new ArgumentException($"Metric '{owner}': thresholds is empty; give at least one value in [0, 1].", nameof(thresholds));
        var invalid = thresholds.Where(t => !(t is >= 0 and <= 1)).ToArray();
        if (invalid.Length > 0)
            throw new ArgumentException($"Metric '{owner}': threshold values must be in [0, 1]. Received: {string.Join(", ", invalid.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)))}.", nameof(thresholds));
        return (double[])thresholds.Clone();
    }
}
