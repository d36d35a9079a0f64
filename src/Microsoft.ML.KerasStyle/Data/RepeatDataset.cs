namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// The source enumerated <c>count</c> times, or forever when null, as tf.data's <c>repeat</c>. Each pass enumerates the
/// source again, so a shuffle before the repeat gives a new order every pass. An empty source ends the repetition.
/// </summary>
internal sealed class RepeatDataset(Dataset source, int? count) : Dataset
{
    public override long Cardinality => (source.Cardinality, count) switch
    {
        (0, _) or (_, 0) => 0,
        (InfiniteCardinality, _) => InfiniteCardinality,
        (_, null) => InfiniteCardinality,
        (UnknownCardinality, _) => UnknownCardinality,
        var (n, k) => n * k.Value,
    };

    internal override IEnumerable<DatasetElement> Elements()
    {
        for (var pass = 0; count is null || pass < count; pass++)
        {
            var any = false;
            foreach (var element in source.Elements())
            {
                any = true;
                yield return element;
            }
            if (!any) yield break;
        }
    }
}
