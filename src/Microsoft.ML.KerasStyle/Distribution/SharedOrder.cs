using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// The shuffled order of in-memory training data, the same on every process: rank 0 draws it (from its global
/// generator, as one process would) and broadcasts it, so the processes split the same shuffled batches and the run
/// matches one process's run seeded alike.
/// </summary>
internal static class SharedOrder
{
    /// <summary>A random permutation of 0…<paramref name="count"/>−1: rank 0's when the data is split over processes, else this process's own.</summary>
    public static Tensor Permutation(long count)
    {
        var order = randperm(count, dtype: ScalarType.Int64);
        if (Keras.Distribution.Active is { AutoShardDataset: true } && count > 0) Mpi.Broadcast(order.bytes);
        return order;
    }
}
