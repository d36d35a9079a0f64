using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// The callbacks that only rank 0 runs in a data-parallel job: those that print progress or write files
/// (ProgbarLogger, ModelCheckpoint, TensorBoard, CSVLogger, BackupAndRestore, and classes derived from them). The
/// replicas are identical, so one copy of each file is the job's; BackupAndRestore's restored state reaches the other
/// ranks with the weights Fit copies from rank 0. Every other callback runs on every rank, on the same global logs.
/// </summary>
internal static class RankZeroCallbacks
{
    /// <summary><paramref name="callbacks"/> as this process runs them.</summary>
    public static List<Callback> ForThisProcess(List<Callback> callbacks) =>
        Keras.Distribution.Active is { ProcessId: not 0 } ? callbacks.Where(c => !OnlyOnRankZero(c)).ToList() : callbacks;

    public static bool OnlyOnRankZero(Callback callback) =>
        callback is ProgbarLogger or ModelCheckpoint or TensorBoard or CSVLogger or BackupAndRestore;
}
