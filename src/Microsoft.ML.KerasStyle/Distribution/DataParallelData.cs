using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// How Fit, Evaluate and Predict read data under a <see cref="Keras.Distribution.DataParallel"/> of several processes:
/// each process gets its share of every batch (<see cref="BatchShards"/>), or reads only its own rows when the source
/// can (<see cref="IRowShardable"/>). With <c>autoShardDataset: false</c> the data is taken as this process's share.
/// </summary>
internal static class DataParallelData
{
    /// <summary>This process's training batches.</summary>
    public static IBatchSource ForTraining(IBatchSource data) => Shard(data, training: true, steps: null);

    /// <summary>This process's evaluation or prediction batches (at most <paramref name="steps"/> global batches).</summary>
    public static IBatchSource ForEvaluation(IBatchSource data, int? steps = null) => Shard(data, training: false, steps);

    static IBatchSource Shard(IBatchSource data, bool training, int? steps)
    {
        if (Keras.Distribution.Active is not { AutoShardDataset: true }) return data;
        if (data is DatasetBatchSource { Dataset: IRowShardable rows } source && steps is null)
            return source.WithDataset(rows.ForShard(Mpi.Rank, Mpi.Size, training));
        return new BatchShards(data, training, steps);
    }
}
