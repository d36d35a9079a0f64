namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Elements of several datasets side by side, as tf.data's <c>zip</c>: component i comes from dataset i (a one-tensor
/// element as that tensor, any other element as a group). Ends with the shortest dataset.
/// </summary>
internal sealed class ZipDataset(IReadOnlyList<Dataset> sources) : Dataset
{
    // tf.data's rule: unknown if any is unknown, else the smallest known count, else infinite.
    public override long Cardinality
    {
        get
        {
            var counts = sources.Select(s => s.Cardinality).ToList();
            if (counts.Contains(UnknownCardinality)) return UnknownCardinality;
            var known = counts.Where(c => c >= 0).ToList();
            return known.Count > 0 ? known.Min() : InfiniteCardinality;
        }
    }

    internal override IEnumerable<DatasetElement> Elements()
    {
        var upstreams = new List<IEnumerator<DatasetElement>>();
        try
        {
            foreach (var source in sources) upstreams.Add(source.Elements().GetEnumerator());
            while (true)
            {
                var components = new List<DatasetElement.Component>(upstreams.Count);
                foreach (var upstream in upstreams)
                {
                    if (!upstream.MoveNext()) yield break;
                    var element = upstream.Current;
                    components.Add(element.Count == 1 && !element.IsGroup(0) && element.Names[0] is null
                        ? DatasetElement.Component.Leaf(null, element[0])
                        : DatasetElement.Component.Nested(null, element));
                }
                yield return new DatasetElement(components);
            }
        }
        finally
        {
            foreach (var upstream in upstreams) upstream.Dispose();
        }
    }
}
