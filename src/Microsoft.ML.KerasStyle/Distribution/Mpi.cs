using System.Runtime.InteropServices;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// The process's place in an MPI job and the collective operations data-parallel training needs: all-reduce (sum of
/// float32 or float64), broadcast, all-gather and barrier over <c>MPI_COMM_WORLD</c>. MPI is initialised once per
/// process, on first use, and only when the process was started by an MPI launcher (<c>mpirun</c>, <c>srun</c>, the MPI
/// Operator's launcher); <c>MPI_Finalize</c> runs when the process exits. Otherwise the process is rank 0 of 1 and
/// libmpi is never loaded.
/// </summary>
/// <remarks>
/// A rank that fails while the others wait in a collective would leave them waiting forever: <see cref="AbortJob"/>
/// (called by Fit, Evaluate and Predict on an error, and for any unhandled exception) prints the error and calls
/// <c>MPI_Abort</c>, which ends every rank of the job.
/// </remarks>
internal static class Mpi
{
    /// <summary>How to launch a training program on two processes.</summary>
    public const string LaunchExample = "mpirun -np 2 dotnet MyTraining.dll";

    static readonly object gate = new();
    static MpiLibrary? library;
    static bool ownsInitialization;
    static int rank;
    static int size = 1;
    static volatile bool terminating;

    /// <summary>The environment variable that shows an MPI launcher started this process (e.g. <c>OMPI_COMM_WORLD_SIZE=2</c>), or null.</summary>
    public static string? Launcher
    {
        get
        {
            foreach (var name in new[] { "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK" })
                if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) return $"{name}={value}";
            return null;
        }
    }

    /// <summary>True once MPI has been initialised in this process.</summary>
    public static bool Active => library is not null;

    /// <summary>This process's rank (0 without MPI).</summary>
    public static int Rank => rank;

    /// <summary>Number of processes in the job (1 without MPI).</summary>
    public static int Size => size;

    /// <summary>
    /// Initialises MPI when an MPI launcher started the process (once; later calls return at once). Without a launcher
    /// nothing is loaded and the process stays rank 0 of 1.
    /// </summary>
    public static void Initialize()
    {
        lock (gate)
        {
            if (library is not null || Launcher is not { } launch) return;
            var mpi = MpiLibrary.Load(launch);
            Check(mpi.Initialized(out var already), "MPI_Initialized");
            if (already == 0)
            {
                // SERIALIZED: training may call MPI from any thread (a test host's, a task's), one call at a time.
                Check(mpi.InitThread(IntPtr.Zero, IntPtr.Zero, 2, out _), "MPI_Init_thread");
                ownsInitialization = true;
            }
            Check(mpi.CommRank(mpi.CommWorld, out rank), "MPI_Comm_rank");
            Check(mpi.CommSize(mpi.CommWorld, out size), "MPI_Comm_size");
            library = mpi;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => FinalizeAtExit();
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
                AbortJob($"an unhandled exception: {(e.ExceptionObject as Exception)?.ToString() ?? e.ExceptionObject?.ToString()}");
            RankFailure.WatchForTermination();
        }
    }

    static void FinalizeAtExit()
    {
        lock (gate)
        {
            if (library is not { } mpi || !ownsInitialization || terminating) return;
            if (mpi.Finalized(out var done) == 0 && done == 0) mpi.Finalize();
        }
    }

    /// <summary>Called when the launcher ends the job: MPI_Finalize would then wait for ranks that are gone.</summary>
    public static void MarkTerminating() => terminating = true;

    static MpiLibrary Library => library ?? throw new InvalidOperationException("MPI is not initialised in this process.");

    /// <summary>Sums <paramref name="values"/> over all ranks, in place.</summary>
    public static void AllreduceSum(Span<float> values) => Allreduce(MemoryMarshal.AsBytes(values), sizeof(float), Library.Float);

    /// <summary>Sums <paramref name="values"/> over all ranks, in place.</summary>
    public static void AllreduceSum(Span<double> values) => Allreduce(MemoryMarshal.AsBytes(values), sizeof(double), Library.Double);

    // MPI counts are ints: larger buffers would go in pieces (a span holds at most 2 GB, so one piece in practice).
    static void Allreduce(Span<byte> bytes, int elementSize, IntPtr type)
    {
        var mpi = Library;
        var count = bytes.Length / elementSize;
        for (var done = 0; done < count;)
        {
            var piece = Math.Min(count - done, int.MaxValue / 8);
            Check(mpi.Allreduce(MpiLibrary.InPlace, ref bytes[done * elementSize], piece, type, mpi.Sum, mpi.CommWorld), "MPI_Allreduce");
            done += piece;
        }
    }

    /// <summary>Copies <paramref name="bytes"/> from rank <paramref name="root"/> to every rank, in place.</summary>
    public static void Broadcast(Span<byte> bytes, int root = 0)
    {
        var mpi = Library;
        for (var done = 0; done < bytes.Length;)
        {
            var piece = Math.Min(bytes.Length - done, int.MaxValue / 8);
            Check(mpi.Bcast(ref bytes[done], piece, mpi.Byte, root, mpi.CommWorld), "MPI_Bcast");
            done += piece;
        }
    }

    /// <summary>Copies <paramref name="values"/> from rank <paramref name="root"/> to every rank, in place.</summary>
    public static void Broadcast<T>(Span<T> values, int root = 0) where T : unmanaged => Broadcast(MemoryMarshal.AsBytes(values), root);

    /// <summary>Every rank's bytes, concatenated in rank order (<c>MPI_Allgatherv</c>); each rank may give a different length.</summary>
    public static byte[] AllgatherBytes(byte[] mine)
    {
        var mpi = Library;
        var lengths = new double[size];
        lengths[rank] = mine.Length;
        AllreduceSum(lengths);
        var counts = lengths.Select(l => checked((int)l)).ToArray();
        var displacements = new int[size];
        for (var r = 1; r < size; r++) displacements[r] = checked(displacements[r - 1] + counts[r - 1]);
        var total = displacements[^1] + counts[^1];
        // An empty buffer still needs a first byte to point at.
        var send = mine.Length > 0 ? mine : new byte[1];
        var all = new byte[Math.Max(total, 1)];
        Check(mpi.Allgatherv(ref send[0], mine.Length, mpi.Byte, ref all[0], counts, displacements, mpi.Byte, mpi.CommWorld), "MPI_Allgatherv");
        return total > 0 ? all : [];
    }

    /// <summary>True on every rank when <paramref name="value"/> is true on any (e.g. a callback stopped training on one rank).</summary>
    public static bool AnyRank(bool value)
    {
        var count = new[] { value ? 1.0 : 0.0 };
        AllreduceSum(count);
        return count[0] > 0;
    }

    /// <summary>Waits until every rank gets here.</summary>
    public static void Barrier() => Check(Library.Barrier(Library.CommWorld), "MPI_Barrier");

    /// <summary>
    /// Writes <paramref name="reason"/> to standard error as this rank's failure and ends the whole job
    /// (<c>MPI_Abort</c>): the other ranks may be waiting for this one in a collective and would wait forever.
    /// </summary>
    public static void AbortJob(string reason)
    {
        if (library is not { } mpi) return;
        RankFailure.Report(rank, size, reason);
        mpi.Abort(mpi.CommWorld, 1);
    }

    static void Check(int code, string function)
    {
        if (code != 0) throw new InvalidOperationException($"{function} failed with MPI error code {code} (rank {rank} of {size}).");
    }
}
