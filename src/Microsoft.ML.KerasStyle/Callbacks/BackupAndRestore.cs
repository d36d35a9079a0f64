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
/// built (and compiled the same way) before <c>Fit</c>. Unlike Keras, which removes the whole directory, only the
/// backup files are deleted (and the directory when it is left empty).
/// </remarks>
public class BackupAndRestore : Callback
{
    const string WeightsFileName = "latest.weights.h5";
    const string MetadataFileName = "training_metadata.json";

    readonly SaveFrequency saveFreq;
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
    }

    /// <summary>The backup directory.</summary>
    public string BackupDir { get; }

    /// <summary>When backups are made.</summary>
    public SaveFrequency SaveFreq => saveFreq;

    /// <summary>Whether the previous backup is kept as a fallback.</summary>
    public bool DoubleCheckpoint { get; }

    /// <summary>Whether the backup is deleted when <c>Fit</c> completes.</summary>
    public bool DeleteCheckpoint { get; }

    string WeightsPath => Path.Combine(BackupDir, WeightsFileName);

    string MetadataPath => Path.Combine(BackupDir, MetadataFileName);

    static string Previous(string path) => path + ".bkp";

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        try
        {
            Restore();
        }
        catch (InvalidOperationException) when (DoubleCheckpoint && File.Exists(Previous(WeightsPath)))
        {
            // The latest backup may have been cut short; the previous one is complete.
            File.Copy(Previous(WeightsPath), WeightsPath, overwrite: true);
            if (File.Exists(Previous(MetadataPath))) File.Copy(Previous(MetadataPath), MetadataPath, overwrite: true);
            else if (File.Exists(MetadataPath)) File.Delete(MetadataPath);
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
        Directory.CreateDirectory(BackupDir);
        if (DoubleCheckpoint && File.Exists(WeightsPath)) File.Copy(WeightsPath, Previous(WeightsPath), overwrite: true);
        if (DoubleCheckpoint && File.Exists(MetadataPath)) File.Copy(MetadataPath, Previous(MetadataPath), overwrite: true);
        Model.SaveWeights(WeightsPath, overwrite: true);
        var metadata = JsonSerializer.Serialize(new Dictionary<string, int> { ["epoch"] = currentEpoch, ["batch"] = lastBatchSeen });
        AtomicFile.Write(MetadataPath, overwrite: true, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(metadata)));
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (!DeleteCheckpoint || !Directory.Exists(BackupDir)) return;
        foreach (var path in new[] { WeightsPath, MetadataPath, Previous(WeightsPath), Previous(MetadataPath) })
            if (File.Exists(path)) File.Delete(path);
        if (!Directory.EnumerateFileSystemEntries(BackupDir).Any()) Directory.Delete(BackupDir);
    }
}
