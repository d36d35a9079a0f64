using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// One process's share of each batch of the data, which every process reads in the same order (the global batches).
/// Training takes equal parts: rank r of n trains on rows [r·m/n, (r+1)·m/n) of a batch of m rows, and the last
/// m mod n rows of a batch that does not divide (at most n − 1 per epoch, in the last batch) are left out, so that every
/// process takes every step with the same number of samples and the averaged gradient is the global batch's.
/// Evaluation and prediction take every row once: parts of ⌈m/n⌉ or ⌊m/n⌋ rows, in rank order.
/// </summary>
internal sealed class BatchShards : IBatchSource
{
    readonly IBatchSource global;
    readonly bool training;
    readonly int? steps;
    int epoch;

    /// <param name="global">The batches every process reads alike.</param>
    /// <param name="training">Equal parts (training) or every row once (evaluation, prediction).</param>
    /// <param name="steps">The global batches to take per pass (Evaluate's and Predict's <c>steps</c>), or null for all.</param>
    public BatchShards(IBatchSource global, bool training, int? steps = null)
    {
        this.global = global;
        this.training = training;
        this.steps = steps;
    }

    public string Argument => global.Argument;

    public int? StepsPerEpoch => steps is { } limit && global.StepsPerEpoch is { } all ? Math.Min(limit, all) : steps ?? global.StepsPerEpoch;

    /// <summary>The rows of each global batch of the last epoch (prediction reassembles its outputs with them).</summary>
    public List<long> GlobalBatchSizes { get; } = [];

    public IEnumerable<Batch> OneEpoch()
    {
        GlobalBatchSizes.Clear();
        var first = true;
        epoch++;
        foreach (var batch in global.OneEpoch())
        {
            if (steps is { } limit && GlobalBatchSizes.Count >= limit) yield break;
            var rows = batch.Size;
            GlobalBatchSizes.Add(rows);
            if (first && training)
            {
                // The first batch has the global batch size, unless it is the only one (then its remainder is left out).
                if (rows % Mpi.Size != 0 && global.StepsPerEpoch != 1) throw NotDivisible(rows, Mpi.Size);
                SameData.Check(batch, epoch);
            }
            first = false;
            var (start, end) = training ? EqualPart(rows, Mpi.Rank, Mpi.Size) : Part(rows, Mpi.Rank, Mpi.Size);
            if (start == end) continue;
            yield return Slice(batch, start, end);
        }
    }

    /// <summary>Rank <paramref name="rank"/>'s rows of a batch of <paramref name="rows"/> split in equal parts (the remainder left out).</summary>
    public static (long Start, long End) EqualPart(long rows, int rank, int size)
    {
        var each = rows / size;
        return (rank * each, (rank + 1) * each);
    }

    /// <summary>Rank <paramref name="rank"/>'s rows of a batch of <paramref name="rows"/> split as evenly as possible (the first ranks get one more).</summary>
    public static (long Start, long End) Part(long rows, int rank, int size)
    {
        var each = rows / size;
        var extra = rows % size;
        var start = rank * each + Math.Min(rank, extra);
        return (start, start + each + (rank < extra ? 1 : 0));
    }

    /// <summary>Keras's error for a global batch that does not split evenly over the processes.</summary>
    public static InvalidOperationException NotDivisible(long batchSize, int shards) => new(
        $"Global batch size must be divisible by the number of shards. `global_batch_size`={batchSize} and `num_shards`={shards} " +
        $"(DataParallel splits every batch over the {shards} processes; the batch size is the global one, e.g. {batchSize - batchSize % shards + shards}).");

    static Batch Slice(Batch batch, long start, long end)
    {
        Tensor Rows(Tensor t) => t[TensorIndex.Slice(start, end)];
        var x = new Inputs();
        for (var i = 0; i < batch.X.Count; i++)
        {
            if (batch.X.Names[i] is { } name) x[name] = Rows(batch.X[i]);
            else x.Add(Rows(batch.X[i]));
        }
        var y = new Outputs();
        for (var i = 0; i < batch.Y.Count; i++)
        {
            if (batch.Y.Names[i] is { } name) y[name] = Rows(batch.Y[i]);
            else y.Add(Rows(batch.Y[i]));
        }
        return new Batch(x, y, batch.SampleWeight is { } w ? Rows(w) : null);
    }
}
