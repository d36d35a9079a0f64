using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>reduce_weighted_values</c>: weights per-sample values, then reduces them.</summary>
public static class LossReduction
{
    /// <summary>
    /// Multiplies <paramref name="values"/> by <paramref name="sampleWeight"/> (ranks aligned as Keras's
    /// <c>squeeze_or_expand_to_same_rank</c>) and reduces: <c>sum_over_batch_size</c>/<c>mean</c> divide the sum by the
    /// number of values, <c>mean_with_sample_weight</c> by the sum of the weights, <c>sum</c> sums, <c>none</c> keeps them.
    /// </summary>
    public static Tensor Reduce(Tensor values, Tensor? sampleWeight, string reduction)
    {
        if (sampleWeight is not null)
        {
            var weight = sampleWeight.to(values.dtype);
            (values, weight) = SameRank(values, weight);
            values = values * weight;
            sampleWeight = weight;
        }
        if (reduction == "none") return values;
        // Unweighted mean of a non-empty batch: the sum over the count, in one op (divide_no_nan only matters for 0).
        if (sampleWeight is null && reduction is "sum_over_batch_size" or "mean" or "mean_with_sample_weight" && values.numel() > 0)
            return values.mean();
        var sum = values.sum();
        if (reduction == "sum") return sum;
        var divisor = reduction == "mean_with_sample_weight" && sampleWeight is not null
            ? sampleWeight.sum().to(values.dtype)
            : tensor((float)values.numel(), dtype: values.dtype);
        return where(divisor == 0, zeros_like(sum), sum / divisor); // divide_no_nan
    }

    /// <summary>Keras's <c>squeeze_or_expand_to_same_rank</c> (expanding rank-1 inputs).</summary>
    public static (Tensor, Tensor) SameRank(Tensor x1, Tensor x2)
    {
        var r1 = x1.dim();
        var r2 = x2.dim();
        if (r1 == r2 + 1 && x1.shape[^1] == 1)
        {
            if (r2 == 1) x2 = x2.unsqueeze(-1);
            else x1 = x1.squeeze(-1);
        }
        else if (r2 == r1 + 1 && x2.shape[^1] == 1)
        {
            if (r1 == 1) x1 = x1.unsqueeze(-1);
            else x2 = x2.squeeze(-1);
        }
        return (x1, x2);
    }
}
