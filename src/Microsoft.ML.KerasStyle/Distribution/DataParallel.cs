using Microsoft.ML.KerasStyle.Distribution;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    public static partial class Distribution
    {
        /// <summary>
        /// Keras's <c>DataParallel</c> across the processes of an MPI job: every process holds a replica of the model;
        /// <c>Fit</c> starts every replica from rank 0's weights, gives each process an equal, disjoint share of every
        /// batch, averages the gradients over the processes (one fused all-reduce per step) before the optimizer applies
        /// them, and reports the loss and metrics over all processes. <c>Evaluate</c> and <c>Predict</c> split the data
        /// the same way and combine the results. The batch size is global, as in Keras: <c>batchSize: 64</c> on two
        /// processes trains each on 32 samples per step, and the result is the same as one process with batches of 64.
        /// </summary>
        /// <remarks>
        /// <para>
        /// Launch the same program on every process: <c>mpirun -np 2 dotnet MyTraining.dll</c> (Open MPI 4 or later,
        /// <c>apt-get install openmpi-bin</c>). Started without an MPI launcher the program runs as one process, exactly
        /// as without a distribution. Creating a <see cref="DataParallel"/> initialises MPI once for the process.
        /// </para>
        /// <para>
        /// Only rank 0 prints the progress bar and writes files (ModelCheckpoint, TensorBoard, CSVLogger,
        /// BackupAndRestore); callbacks see the same global logs on every rank, so EarlyStopping and ReduceLROnPlateau
        /// decide alike everywhere. BatchNormalization computes its batch statistics on each process's share, as Keras
        /// and Horovod do. An exception in Fit, Evaluate or Predict on any rank ends the whole job (<c>MPI_Abort</c>) with
        /// the error printed, instead of leaving the other ranks waiting.
        /// </para>
        /// </remarks>
        public sealed class DataParallel
        {
            /// <summary>Creates the distribution over the processes of the MPI job this process belongs to (one process without a launcher).</summary>
            /// <param name="autoShardDataset">Split each batch of the data over the processes. Set false when every process already reads its own data (each batch is then that process's share). Defaults to true.</param>
            public DataParallel(bool autoShardDataset = true)
            {
                Mpi.Initialize();
                AutoShardDataset = autoShardDataset;
            }

            /// <summary>Number of processes in the job (Keras's <c>num_processes</c>).</summary>
            public int NumProcesses => Mpi.Size;

            /// <summary>This process's rank, 0 to <see cref="NumProcesses"/> − 1; rank 0 prints and writes files.</summary>
            public int ProcessId => Mpi.Rank;

            /// <summary>Number of model replicas: one per process.</summary>
            public int NumModelReplicas => Mpi.Size;

            /// <summary>Number of shards the data is split into: one per process.</summary>
            public int NumDataShards => Mpi.Size;

            /// <summary>The shard of the data this process trains on (its rank).</summary>
            public int DataShardId => Mpi.Rank;

            /// <summary>Whether each batch is split over the processes (Keras's <c>auto_shard_dataset</c>).</summary>
            public bool AutoShardDataset { get; set; }

            /// <summary>The name of the axis the data is split along, as in Keras.</summary>
            public string BatchDimName => "batch";

            /// <summary>Makes this the distribution in use until the returned scope is disposed (Keras's <c>scope()</c>).</summary>
            public IDisposable Scope()
            {
                var previous = GetDistribution();
                SetDistribution(this);
                return new Restore(previous);
            }

            sealed class Restore(DataParallel? previous) : IDisposable
            {
                public void Dispose() => SetDistribution(previous);
            }

            /// <inheritdoc/>
            public override string ToString() => $"<DataParallel num_processes={NumProcesses} process_id={ProcessId}>";
        }
    }
}
