namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// One batch of rows as they were read from a data view, before they become tensors: one managed buffer per column
/// (a <c>float[]</c> or a <c>long[]</c> sized for the batch), reused batch after batch.
/// </summary>
/// <param name="columns">The buffers, in the order of the <see cref="RowBatchReader"/>'s columns.</param>
internal sealed class BatchBuffer(Array[] columns)
{
    /// <summary>The buffer of each column.</summary>
    public Array[] Columns { get; } = columns;

    /// <summary>Bytes held by the buffers.</summary>
    public long Bytes => Columns.Sum(c => (long)Buffer.ByteLength(c));

    /// <summary>Rows filled (the last batch of a pass may be short).</summary>
    public int Rows { get; set; }
}
