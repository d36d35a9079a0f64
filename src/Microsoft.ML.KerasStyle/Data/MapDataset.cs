namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Each element passed through a function, as tf.data's <c>map</c>. The function runs when the element is requested,
/// inside the step's dispose scope, so its temporaries are released with the step.
/// </summary>
internal sealed class MapDataset(Dataset source, Func<DatasetElement, DatasetElement> map) : Dataset
{
    public override long Cardinality => source.Cardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        foreach (var element in source.Elements())
            yield return map(element) ?? throw new InvalidOperationException("Dataset.Map: the map function returned null; return an element (a tensor, a tuple of tensors or a DatasetElement).");
    }
}
