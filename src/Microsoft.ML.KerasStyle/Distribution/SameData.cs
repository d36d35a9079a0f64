using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Checks that every process reads the same batches, which splitting them over the processes relies on: the first batch
/// of each epoch is summarised by two sums (of its values, and of its row sums weighted by row position, so a different
/// order shows too), rank 0's are broadcast, and every process learns whether any differs. An unseeded shuffle or
/// random data made without a common seed is caught at the first epoch, with a message on every rank.
/// </summary>
internal static class SameData
{
    public static void Check(Batch batch, int epoch)
    {
        var mine = Fingerprint(batch);
        var rankZero = (double[])mine.Clone();
        Mpi.Broadcast<double>(rankZero);
        var differs = new[] { mine.Zip(rankZero).Any(p => !Close(p.First, p.Second)) ? 1.0 : 0.0 };
        Mpi.AllreduceSum(differs);
        if (differs[0] > 0)
            throw new InvalidOperationException(
                $"DataParallel: the processes read different data ({differs[0]} of {Mpi.Size} differ from rank 0 in the first batch of epoch {epoch}" +
                $"{(mine.SequenceEqual(rankZero) ? "" : $", rank {Mpi.Rank} among them")}). Every process must read the same batches in the same " +
                "order, each then trains on its own share: load the same data everywhere, give Dataset.Shuffle a seed or call " +
                "Keras.Utils.SetRandomSeed(seed) with the same seed on every process before making random data or a shuffled Dataset. " +
                "If each process reads its own data, create the distribution with new DataParallel(autoShardDataset: false).");
    }

    static bool Close(double a, double b) => a.Equals(b) || Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    static double[] Fingerprint(Batch batch)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = batch.Size;
        var position = arange(1, rows + 1, dtype: ScalarType.Float64);
        double total = 0, ordered = 0;
        foreach (var t in batch.X.Concat(batch.Y).Concat(batch.SampleWeight is { } w ? [w] : []))
        {
            var rowSums = t.detach().to(ScalarType.Float64).reshape(rows, -1).sum(1);
            total += rowSums.sum().ToDouble();
            ordered += (rowSums * position).sum().ToDouble();
        }
        return [total, ordered];
    }
}
