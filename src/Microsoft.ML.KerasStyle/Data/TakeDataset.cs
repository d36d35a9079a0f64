namespace Microsoft.ML.KerasStyle.Data;

/// <summary>The first <c>count</c> elements, as tf.data's <c>take</c>; the element after them is never produced.</summary>
internal sealed class TakeDataset(Dataset source, long count) : Dataset
{
    public override long Cardinality => source.Cardinality switch
    {
        InfiniteCardinality => count,
        UnknownCardinality => UnknownCardinality,
        var n => Math.Min(n, count),
    };

    internal override IEnumerable<DatasetElement> Elements()
    {
        if (count == 0) yield break;
        long taken = 0;
        foreach (var element in source.Elements())
        {
            yield return element;
            if (++taken == count) yield break;
        }
    }
}
