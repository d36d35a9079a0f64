namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>
    /// Keras's <c>keras.distribution</c>: training one model on several processes, on one machine or many.
    /// <see cref="DataParallel"/> keeps a replica of the model in every process of an MPI job (started by
    /// <c>mpirun -np 2 dotnet MyTraining.dll</c>, Slurm's <c>srun</c> or Kubernetes' MPI Operator), gives each process its
    /// share of every batch, and averages the gradients over the processes before each update. Set it with
    /// <see cref="SetDistribution"/> before <c>Fit</c>; <c>docs/distributed.md</c> explains launching and what is global.
    /// </summary>
    public static partial class Distribution
    {
        static DataParallel? current;

        /// <summary>
        /// Makes <paramref name="value"/> the distribution that Fit, Evaluate, Predict and optimizers use (Keras's
        /// <c>set_distribution</c>); null returns to one process. <see cref="ClearSession"/> resets it, as Keras's
        /// <c>clear_session</c> does: set it after clearing the session.
        /// </summary>
        /// <param name="value">The distribution, or null.</param>
        public static void SetDistribution(DataParallel? value) => current = value;

        /// <summary>The distribution set with <see cref="SetDistribution"/>, or null (Keras's <c>distribution()</c>).</summary>
        public static DataParallel? GetDistribution() => current;

        /// <summary>The distribution in use when it spans several processes; null for none or one process.</summary>
        internal static DataParallel? Active => current is { NumProcesses: > 1 } active ? active : null;

        /// <summary>
        /// True in the process that should write files and print (rank 0), and in every process when training is not
        /// distributed. Use it to print a result once: <c>if (Keras.Distribution.IsChief) Console.WriteLine(...)</c>.
        /// </summary>
        public static bool IsChief => Active is not { ProcessId: not 0 };
    }
}
