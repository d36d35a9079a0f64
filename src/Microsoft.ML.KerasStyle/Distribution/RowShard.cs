namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Which rows of a streamed source one process reads: of each block of <see cref="BlockRows"/> consecutive rows (one
/// global batch), the rows whose position in the block is <see cref="Index"/> modulo <see cref="Count"/>. Every row is
/// read by exactly one process. For training (<see cref="DropRemainder"/>) the last block's rows beyond a multiple of
/// <see cref="Count"/> are left out, so that every process has the same number of rows in every step.
/// </summary>
/// <param name="Index">This process's shard (its rank).</param>
/// <param name="Count">Number of shards (processes).</param>
/// <param name="BlockRows">Rows of a global batch.</param>
/// <param name="DropRemainder">Leave out the last block's remainder (training).</param>
internal readonly record struct RowShard(int Index, int Count, int BlockRows, bool DropRemainder)
{
    /// <summary>The most rows this process takes from one block.</summary>
    public int RowsPerBlock => (BlockRows + Count - 1) / Count;

    /// <summary>Whether the row at <paramref name="position"/> of a block is this process's.</summary>
    public bool Owns(int position) => position % Count == Index;

    /// <summary>This process's rows of a last block that had only <paramref name="blockRows"/> rows, given the <paramref name="taken"/> it read.</summary>
    public int Kept(int blockRows, int taken) => DropRemainder ? Math.Min(taken, blockRows / Count) : taken;

    /// <summary>Batches this process gets from <paramref name="rows"/> rows.</summary>
    public long Batches(long rows)
    {
        var full = rows / BlockRows;
        var last = rows % BlockRows;
        var lastHasMine = DropRemainder ? last >= Count : last > Index;
        return full + (lastHasMine ? 1 : 0);
    }
}
