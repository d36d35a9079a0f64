namespace Microsoft.ML.KerasStyle.Data;

/// <summary>All but the first <c>count</c> elements, as tf.data's <c>skip</c>; skipped elements are released at once.</summary>
internal sealed class SkipDataset(Dataset source, long count) : Dataset
{
    public override long Cardinality => source.Cardinality switch
    {
        InfiniteCardinality => InfiniteCardinality,
        UnknownCardinality => UnknownCardinality,
        var n => Math.Max(n - count, 0),
    };

    internal override IEnumerable<DatasetElement> Elements()
    {
        using var upstream = source.Elements().GetEnumerator();
        for (long i = 0; i < count; i++)
            if (!ElementOwnership.TryDiscard(upstream)) yield break;
        while (upstream.MoveNext()) yield return upstream.Current;
    }
}
