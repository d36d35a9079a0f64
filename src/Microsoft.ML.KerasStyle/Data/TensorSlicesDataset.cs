using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// The rows of tensors held in memory: element i holds row i (along axis 0) of every source tensor, in the sources'
/// structure. The sources are private handles (same storage, no copy, no autograd history) detached from every dispose
/// scope, so the dataset keeps working after the scope that created them ends.
/// </summary>
internal sealed class TensorSlicesDataset : Dataset
{
    readonly DatasetElement sources;
    readonly long count;

    public TensorSlicesDataset(DatasetElement structure)
    {
        if (structure.Count == 0) throw new ArgumentException("Dataset.FromTensorSlices needs at least one tensor or array.");
        CheckLengths(structure);
        sources = structure.MapTensors(t => t.detach().DetachFromDisposeScope());
        count = sources.Tensors[0].shape[0];
    }

    public override long Cardinality => count;

    internal override IEnumerable<DatasetElement> Elements()
    {
        for (long i = 0; i < count; i++)
        {
            var row = i;
            yield return sources.MapTensors(t => t.select(0, row));
        }
    }

    /// <summary>Whole batches as slices of the sources (what <c>Batch</c> uses when nothing comes between).</summary>
    internal IEnumerable<DatasetElement> Batches(int batchSize, bool dropRemainder)
    {
        for (long start = 0; start < count; start += batchSize)
        {
            var length = Math.Min(batchSize, count - start);
            if (dropRemainder && length < batchSize) yield break;
            var from = start;
            yield return sources.MapTensors(t => t.narrow(0, from, length));
        }
    }

    // Rows in a given order, gathered batchSize at a time: the same batches as stacking those rows one by one.
    internal IEnumerable<DatasetElement> Batches(IEnumerable<long> order, int batchSize, bool dropRemainder)
    {
        foreach (var rows in order.Chunk(batchSize))
        {
            if (dropRemainder && rows.Length < batchSize) yield break;
            var index = tensor(rows, dtype: ScalarType.Int64);
            yield return sources.MapTensors(t => t.index_select(0, index));
        }
    }

    static void CheckLengths(DatasetElement structure)
    {
        var leaves = Leaves(structure, "").ToList();
        foreach (var (label, tensor) in leaves)
            if (tensor.dim() == 0)
                throw new ArgumentException($"Dataset.FromTensorSlices: component {label} is a scalar; every component needs a first axis to slice along.");
        var (firstLabel, first) = leaves[0];
        foreach (var (label, tensor) in leaves.Skip(1))
            if (tensor.shape[0] != first.shape[0])
                throw new ArgumentException(
                    $"Dataset.FromTensorSlices: all components must have the same length along axis 0, but component {firstLabel} has " +
                    $"{first.shape[0]} and component {label} has {tensor.shape[0]}.");
    }

    // Each tensor with the path that names it in messages: 1, 'labels', 0['title'].
    static IEnumerable<(string Label, Tensor Tensor)> Leaves(DatasetElement element, string prefix)
    {
        for (var i = 0; i < element.Count; i++)
        {
            var label = prefix.Length == 0 ? element.Label(i) : $"{prefix}[{element.Label(i)}]";
            if (element.IsGroup(i))
                foreach (var leaf in Leaves(element.Group(i), label)) yield return leaf;
            else yield return (label, element[i]);
        }
    }
}
