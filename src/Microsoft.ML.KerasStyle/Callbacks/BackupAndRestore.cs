using System.Text.Json;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Keras's <c>BackupAndRestore</c>: backs up the training state — weights, optimizer state and the epoch reached — in
/// <c>backupDir</c> at the end of every epoch (or every <c>saveFreq</c> batches). When <c>Fit</c> starts again with the
/// same directory after an interruption, it restores that state and training resumes at the next epoch, as if it had
/// not stopped. At the end of a completed <c>Fit</c> the backup is deleted.
/// </summary>
/// <remarks>
/// The directory belongs to this callback: do not share it with another run or another callback. The model must be
/// built (and compiled the same way) before <c>Fit</c>. The files are Keras's (<c>latest.weights.h5</c> and
/// <c>training_metadata.json</c>), but unlike Keras, which writes one after the other, each backup replaces both as one
/// unit: a process killed at any moment leaves the previous backup or the new one, never the weights of one epoch with
/// the epoch number of another (a backup cut short after its commit point is finished by the next <c>Fit</c>).
/// Unlike Keras, which removes the whole directory, only the backup files are deleted (and the directory when it is
/// left empty).
/// </remarks>
public class BackupAndRestore : Callback
{
    readonly SaveFrequency saveFreq;
    readonly BackupStore store;
    int currentEpoch;
    int lastBatchSeen;
    int batchesSinceLastSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDir">The directory for the backup (created when needed).</param>
    /// <param name="saveFreq"><c>"epoch"</c>, or a number of batches between backups. Defaults to <c>"epoch"</c>.</param>
    /// <param name="doubleCheckpoint">Keep the previous backup too and fall back to it when the latest cannot be read. Defaults to false.</param>
    /// <param name="deleteCheckpoint">Delete the backup when <c>Fit</c> completes. Defaults to true.</param>
    public BackupAndRestore(string backupDir, SaveFrequency? saveFreq = null, bool doubleCheckpoint = false, bool deleteCheckpoint = true)
    {
        if (string.IsNullOrEmpty(backupDir)) throw new ArgumentException("Empty backupDir argument passed to BackupAndRestore.", nameof(backupDir));
        BackupDir = backupDir;
        this.saveFreq = saveFreq ?? SaveFrequency.Epoch;
        DoubleCheckpoint = doubleCheckpoint;
        DeleteCheckpoint = deleteCheckpoint;
        store = new BackupStore(backupDir);
    }

    /// <summary>The backup directory.</summary>
    public string BackupDir { get; }

    /// <summary>When backups are made.</summary>
    public SaveFrequency SaveFreq => saveFreq;

    /// <summary>Whether the previous backup is kept as a fallback.</summary>
    public bool DoubleCheckpoint { get; }

    /// <summary>Whether the backup is deleted when <c>Fit</c> completes.</summary>
    public bool DeleteCheckpoint { get; }

    string WeightsPath => store.WeightsPath;

    string MetadataPath => store.MetadataPath;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        store.Recover();
        try
        {
            Restore();
        }
        catch (InvalidOperationException) when (DoubleCheckpoint && File.Exists(BackupStore.Previous(WeightsPath)))
        {
            // The latest backup cannot be read (a damaged file); the previous one is complete.
            store.RestorePrevious();
            Restore();
        }
    }

    void Restore()
    {
        if (!Model.Built)
            throw new InvalidOperationException(
                $"To use the BackupAndRestore callback, your model must be built before you call Fit(). Model '{Model.Name}' is unbuilt. " +
                "You can build it beforehand by calling it on a batch of data or with Build(inputShape).");
        if (File.Exists(WeightsPath))
        {
            // The optimizer's variables must exist before its state is restored.
            if (Model.Optimizer is { Built: false } optimizer) optimizer.Build(Model.TrainableWeights);
            Model.LoadWeights(WeightsPath);
        }
        if (File.Exists(MetadataPath)) Model.InitialEpochOverride = ReadEpoch();
    }

    int ReadEpoch()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(MetadataPath));
            return document.RootElement.GetProperty("epoch").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"BackupAndRestore: cannot read the epoch from '{MetadataPath}': {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        currentEpoch = epoch + 1;
        lastBatchSeen = 0;
        if (saveFreq.IsEpoch) Backup();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (ShouldSaveOnBatch(batch)) Backup();
    }

    bool ShouldSaveOnBatch(int batch)
    {
        if (saveFreq.Batches is not { } every) return false;
        var added = batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        batchesSinceLastSave += added;
        lastBatchSeen = batch;
        if (batchesSinceLastSave < every) return false;
        batchesSinceLastSave = 0;
        return true;
    }

    void Backup()
    {
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, int> { ["epoch"] = currentEpoch, ["batch"] = lastBatchSeen });
        store.Write(path => Model.SaveWeights(path, overwrite: true), metadata, keepPrevious: DoubleCheckpoint);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (DeleteCheckpoint) store.Delete();
    }
}
