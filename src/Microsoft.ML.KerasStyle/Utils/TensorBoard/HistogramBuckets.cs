namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// The bucketing of <c>tf.summary.histogram</c> (tensorboard/plugins/histogram/summary_v2.py, <c>_buckets</c>):
/// <c>bucketCount</c> equal-width buckets from the minimum to the maximum, each row <c>[left, right, count]</c>.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary>TensorBoard's default number of buckets.</summary>
    public const int DefaultBucketCount = 30;

    /// <summary>
    /// Buckets <paramref name="data"/> into a <c>[bucketCount, 3]</c> array. As TensorBoard does: a value falls in
    /// bucket <c>floor((x - min) / width)</c>, the maximum in the last bucket; when every value is the same, all
    /// edges equal that value and the last bucket holds the count; with no data every row is zero. NaN and infinite
    /// values have no bucket and are left out (a diverged weight must not stop training from being logged).
    /// </summary>
    public static double[,] Compute(ReadOnlySpan<double> data, int bucketCount = DefaultBucketCount)
    {
        if (bucketCount < 1)
            throw new ArgumentException($"A histogram needs at least one bucket, received bucketCount={bucketCount}.", nameof(bucketCount));
        var buckets = new double[bucketCount, 3];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var count = 0;
        foreach (var x in data)
        {
            if (!double.IsFinite(x)) continue;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
            count++;
        }
        if (count == 0) return buckets;

        var range = max - min;
        if (range == 0)
        {
            for (var i = 0; i < bucketCount; i++) buckets[i, 0] = buckets[i, 1] = max;
            buckets[bucketCount - 1, 2] = count;
            return buckets;
        }

        var width = range / bucketCount;
        foreach (var x in data)
        {
            if (!double.IsFinite(x)) continue;
            var index = (int)Math.Min(Math.Floor((x - min) / width), bucketCount - 1);
            buckets[index, 2]++;
        }
        // Edges are linspace(min, max, bucketCount + 1) with the last edge pinned to max, as TensorBoard pins it.
        for (var i = 0; i < bucketCount; i++)
        {
            buckets[i, 0] = min + i * width;
            buckets[i, 1] = i == bucketCount - 1 ? max : min + (i + 1) * width;
        }
        return buckets;
    }
}
