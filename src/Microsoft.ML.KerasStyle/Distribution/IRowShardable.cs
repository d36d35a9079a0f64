using Microsoft.ML.KerasStyle.Data;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// A source of batches that can read only one process's rows (the ML.NET trainers' data view reader): data-parallel
/// training then splits it by row instead of splitting batches that every process would read whole.
/// </summary>
internal interface IRowShardable
{
    /// <summary>The same batches, each holding only the rows of shard <paramref name="index"/> of <paramref name="count"/> (see <see cref="RowShard"/>).</summary>
    Dataset ForShard(int index, int count, bool training);
}
