using System.Runtime.InteropServices;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// What happens when one rank of a data-parallel job fails: it says so on standard error and ends the job
/// (<c>MPI_Abort</c>), and every other rank, stopped by the launcher, says why it stopped. Without this the others
/// would wait forever in the next all-reduce for a rank that is gone.
/// </summary>
internal static class RankFailure
{
    static PosixSignalRegistration? termination;
    static volatile bool failed;

    /// <summary>
    /// Runs <paramref name="body"/> (Fit, Evaluate or Predict of a job of several processes); an exception ends the job
    /// on every rank, with the exception on this rank's standard error. With one process it is simply run.
    /// </summary>
    public static T Guard<T>(string what, Func<T> body)
    {
        if (Mpi.Size < 2) return body();
        try
        {
            return body();
        }
        catch (Exception e)
        {
            Mpi.AbortJob($"{what} threw {e}");
            throw;
        }
    }

    /// <summary>The failing rank's message.</summary>
    public static void Report(int rank, int size, string reason)
    {
        failed = true;
        Console.Out.Flush();
        Console.Error.WriteLine($"KerasStyle DataParallel: rank {rank} of {size} failed: {reason}");
        Console.Error.WriteLine($"KerasStyle DataParallel: ending every rank of the job (MPI_Abort) so that none waits for rank {rank}.");
        Console.Error.Flush();
    }

    /// <summary>
    /// On SIGTERM (what mpirun sends the other ranks after one calls MPI_Abort, or when the job is cancelled) this rank
    /// says why it stops, then stops as SIGTERM would stop it.
    /// </summary>
    public static void WatchForTermination()
    {
        if (OperatingSystem.IsWindows() || termination is not null) return;
        termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ =>
        {
            Mpi.MarkTerminating();
            if (failed) return;
            Console.Out.Flush();
            Console.Error.WriteLine($"KerasStyle DataParallel: rank {Mpi.Rank} of {Mpi.Size} stopped: the MPI launcher ended the job " +
                                    "(another rank failed, see its error, or the job was cancelled).");
            Console.Error.Flush();
        });
    }
}
