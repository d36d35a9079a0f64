using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Joins the predictions of a data-parallel <c>Predict</c>: every process predicted its part of each batch
/// (<see cref="BatchShards.Part"/>); each output's rows are gathered from all processes (<c>MPI_Allgatherv</c>) and put
/// back in the data's order, so every process returns the predictions for all samples, as one process would.
/// </summary>
internal static class PredictionGather
{
    /// <summary>All processes' predictions in data order, or null when no process had any; <paramref name="mine"/> is disposed.</summary>
    /// <param name="mine">This process's outputs, its parts of the batches joined, or null when it had none.</param>
    /// <param name="batchSizes">The rows of every global batch, in order.</param>
    public static Outputs? All(Outputs? mine, IReadOnlyList<long> batchSizes)
    {
        try
        {
            return Gather(mine, batchSizes);
        }
        finally
        {
            foreach (var t in mine ?? []) t.Dispose();
        }
    }

    static Outputs? Gather(Outputs? mine, IReadOnlyList<long> batchSizes)
    {
        var layouts = Layouts(mine);
        var reference = layouts.FirstOrDefault(l => l is not null);
        if (reference is null) return null;
        var order = DataOrder(batchSizes);
        var result = new Outputs();
        for (var i = 0; i < reference.Count; i++)
        {
            var (name, dtype, trailing) = reference[i];
            byte[] bytes;
            if (mine is null) bytes = Mpi.AllgatherBytes([]);
            else
            {
                using var local = mine[i].detach().cpu().contiguous();
                bytes = Mpi.AllgatherBytes(local.bytes.ToArray());
            }
            var rows = order.Length;
            var joined = empty([rows, .. trailing], dtype);
            if (bytes.Length != joined.bytes.Length)
                throw new InvalidOperationException($"DataParallel Predict: the processes returned {bytes.Length} bytes for output {i}, expected {joined.bytes.Length}: their outputs differ in shape or dtype.");
            bytes.CopyTo(joined.bytes);
            using var index = tensor(order);
            var ordered = joined.index_select(0, index);
            joined.Dispose();
            if (mine is not null && mine[i].device_type != DeviceType.CPU) ordered = ordered.to(mine[i].device);
            if (name is not null) result[name] = ordered;
            else result.Add(ordered);
        }
        return result;
    }

    // Every process's output names, dtypes and trailing shapes (null for a process without rows).
    static List<List<(string? Name, ScalarType Dtype, long[] Trailing)>?> Layouts(Outputs? mine)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(mine is not null);
            if (mine is not null)
            {
                writer.Write(mine.Count);
                for (var i = 0; i < mine.Count; i++)
                {
                    writer.Write(mine.Names[i] ?? "");
                    writer.Write(mine.Names[i] is not null);
                    writer.Write((int)mine[i].dtype);
                    writer.Write((int)mine[i].dim() - 1);
                    foreach (var d in mine[i].shape.Skip(1)) writer.Write(d);
                }
            }
        }
        var all = Mpi.AllgatherBytes(stream.ToArray());
        using var reader = new BinaryReader(new MemoryStream(all));
        var layouts = new List<List<(string?, ScalarType, long[])>?>();
        for (var r = 0; r < Mpi.Size; r++)
        {
            if (!reader.ReadBoolean())
            {
                layouts.Add(null);
                continue;
            }
            var count = reader.ReadInt32();
            var outputs = new List<(string?, ScalarType, long[])>();
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var named = reader.ReadBoolean();
                var dtype = (ScalarType)reader.ReadInt32();
                var trailing = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt64()).ToArray();
                outputs.Add((named ? name : null, dtype, trailing));
            }
            layouts.Add(outputs);
        }
        return layouts;
    }

    // For each sample in data order, its row in the gathered rows (rank 0's parts of every batch, then rank 1's, …).
    static long[] DataOrder(IReadOnlyList<long> batchSizes)
    {
        var size = Mpi.Size;
        var rankStart = new long[size];
        for (var r = 1; r < size; r++) rankStart[r] = rankStart[r - 1] + batchSizes.Sum(m => Length(BatchShards.Part(m, r - 1, size)));
        var order = new long[batchSizes.Sum()];
        var taken = new long[size];
        long position = 0;
        foreach (var rows in batchSizes)
            for (var r = 0; r < size; r++)
            {
                var length = Length(BatchShards.Part(rows, r, size));
                for (long j = 0; j < length; j++) order[position++] = rankStart[r] + taken[r] + j;
                taken[r] += length;
            }
        return order;
    }

    static long Length((long Start, long End) part) => part.End - part.Start;
}
