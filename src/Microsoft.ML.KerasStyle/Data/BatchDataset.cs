using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// Consecutive elements stacked along a new first axis, as tf.data's <c>batch</c>: every component (groups included)
/// is stacked; the last batch is smaller unless <c>dropRemainder</c>.
/// </summary>
internal sealed class BatchDataset(Dataset source, int batchSize, bool dropRemainder) : Dataset
{
    public override long Cardinality => source.Cardinality switch
    {
        InfiniteCardinality => InfiniteCardinality,
        UnknownCardinality => UnknownCardinality,
        var n => dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize,
    };

    internal override IEnumerable<DatasetElement> Elements()
    {
        // Rows of in-memory tensors batch as slices: no per-row views, no stacking.
        if (source is TensorSlicesDataset slices) return slices.Batches(batchSize, dropRemainder);
        // Shuffled rows of in-memory tensors: each batch gathers its rows in one op instead of a view and a stack per row.
        if (source is ShuffleDataset shuffle && shuffle.ShuffledRows() is var (rows, order)) return rows.Batches(order, batchSize, dropRemainder);
        return Stacked();
    }

    IEnumerable<DatasetElement> Stacked()
    {
        using var upstream = source.Elements().GetEnumerator();
        while (true)
        {
            DatasetElement? batch = null;
            // The rows and what was made for them live in this scope; only the stacked batch moves out to the step's scope.
            using (var scope = NewDisposeScope())
            {
                var rows = new List<DatasetElement>(batchSize);
                while (rows.Count < batchSize && ElementOwnership.TryPull(upstream, out var row)) rows.Add(row);
                if (rows.Count > 0 && (rows.Count == batchSize || !dropRemainder))
                {
                    batch = DatasetElement.Stack(rows, "Dataset.Batch");
                    scope.MoveToOuter(batch.Tensors);
                }
            }
            if (batch is null) yield break;
            yield return batch;
        }
    }
}
