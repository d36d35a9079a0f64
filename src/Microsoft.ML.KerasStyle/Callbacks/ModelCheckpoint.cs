using System.Globalization;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Keras's <c>ModelCheckpoint</c>: saves the model (<c>.keras</c>) or its weights (<c>.weights.h5</c>) at the end of
/// every epoch or every <c>saveFreq</c> batches — or, with <c>saveBestOnly</c>, only when the monitored quantity
/// improves. The path may hold fields filled from the epoch (1-based, as in Keras) and the logs, in Python's format
/// syntax: <c>"checkpoints/model-{epoch:02d}-{val_loss:.2f}.keras"</c>. Each save replaces its file atomically.
/// </summary>
/// <remarks>
/// Unlike Keras, it never saves weights that are NaN or infinite. In Keras, <c>TerminateOnNaN</c> stops training after
/// the batch whose loss was NaN, whose update has already made the weights NaN, and the epoch still ends: a
/// <c>ModelCheckpoint</c> saving every epoch then overwrites the last good file with those weights, and one with
/// <c>save_best_only</c> saves them when the first monitored value is NaN (the first value always counts as an
/// improvement) and never saves again (nothing compares better than NaN). Here a save whose weights are not all finite
/// is skipped with a warning (<see cref="MonitorCallback.WarningOutput"/>), leaving the last good file as it was, and a
/// NaN or infinite monitored value is never an improvement.
/// </remarks>
public class ModelCheckpoint : MonitorCallback
{
    static readonly string[] IntegerFields = ["epoch", "batch"];
    readonly SaveFrequency saveFreq;
    int currentEpoch;
    int? lastBatchSeen;
    int batchesSinceLastSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="filepath">
    /// Where to save: ends in <c>.keras</c> (the full model), or in <c>.weights.h5</c> with
    /// <paramref name="saveWeightsOnly"/>. May contain <c>{epoch}</c>, <c>{batch}</c> and log names with Python format
    /// specs (<c>{epoch:02d}</c>, <c>{val_loss:.2f}</c>).
    /// </param>
    /// <param name="monitor">The logged quantity compared with <paramref name="saveBestOnly"/>. Defaults to <c>val_loss</c>.</param>
    /// <param name="verbose">0 = silent, 1 = a message for each save (and each non-improvement). Defaults to 0.</param>
    /// <param name="saveBestOnly">Save only when <paramref name="monitor"/> improves on the best value so far. Defaults to false.</param>
    /// <param name="saveWeightsOnly">Save only the weights (<see cref="Models.Model.SaveWeights"/>). Defaults to false.</param>
    /// <param name="mode"><c>min</c>, <c>max</c> or <c>auto</c> (decided from the monitored name). Defaults to <c>auto</c>.</param>
    /// <param name="saveFreq"><c>"epoch"</c>, or a number of batches between saves. Defaults to <c>"epoch"</c>.</param>
    /// <param name="initialValueThreshold">The value the first save must beat with <paramref name="saveBestOnly"/>. Defaults to none.</param>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false,
                           string mode = "auto", SaveFrequency? saveFreq = null, double? initialValueThreshold = null)
        : base(monitor, mode, initialValueThreshold)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        if (saveWeightsOnly && !filepath.EndsWith(".weights.h5", StringComparison.Ordinal))
            throw new ArgumentException(
                $"When using saveWeightsOnly: true in ModelCheckpoint, the filepath provided must end in '.weights.h5' (Keras weights format). Received: filepath={filepath}", nameof(filepath));
        if (!saveWeightsOnly && !filepath.EndsWith(".keras", StringComparison.Ordinal))
            throw new ArgumentException(
                $"The filepath provided must end in '.keras' (Keras model format). Received: filepath={filepath}. " +
                "To save only the weights, pass saveWeightsOnly: true and a path ending in '.weights.h5'.", nameof(filepath));
        if (verbose is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(verbose), $"ModelCheckpoint: verbose must be 0 or 1, received {verbose}.");
        Filepath = filepath;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        this.saveFreq = saveFreq ?? SaveFrequency.Epoch;
    }

    /// <summary>The path template.</summary>
    public string Filepath { get; }

    /// <summary>0 = silent, 1 = a message for each save.</summary>
    public int Verbose { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the weights are saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>When the callback saves.</summary>
    public SaveFrequency SaveFreq => saveFreq;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => currentEpoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (ShouldSaveOnBatch(batch)) SaveModel(currentEpoch, batch, logs);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (saveFreq.IsEpoch) SaveModel(epoch, null, logs);
    }

    // Counts batches across epochs (a batch index that does not grow starts a new epoch), as Keras does.
    bool ShouldSaveOnBatch(int batch)
    {
        if (saveFreq.Batches is not { } every) return false;
        var added = lastBatchSeen is not { } last || batch <= last ? batch + 1 : batch - last;
        batchesSinceLastSave += added;
        lastBatchSeen = batch;
        if (batchesSinceLastSave < every) return false;
        batchesSinceLastSave = 0;
        return true;
    }

    void SaveModel(int epoch, int? batch, Logs logs)
    {
        var path = FilePath(epoch, batch, logs);
        if (Training.FiniteWeights.FirstNonFinite(Model) is { } bad)
        {
            Warn($"ModelCheckpoint: not saving to {path}: weight '{bad.Weight.Path}' of model '{Model.Name}' holds {Training.FiniteWeights.Describe(bad.Value)} " +
                 $"(the loss was probably NaN: see TerminateOnNaN); the last checkpoint saved is left as it was.");
            return;
        }
        if (!ShouldSave(epoch, logs, path)) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory)) Directory.CreateDirectory(directory);
        if (Directory.Exists(path))
            throw new InvalidOperationException($"Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: {path}");
        if (SaveWeightsOnly) Model.SaveWeights(path, overwrite: true);
        else Model.Save(path, overwrite: true);
        if (Verbose > 0) Print($"\nEpoch {epoch + 1}: finished saving model to {path}");
    }

    /// <summary>The path for this save: the template filled with the epoch (1-based), the batch (1-based) and the logs.</summary>
    string FilePath(int epoch, int? batch, Logs logs)
    {
        var values = new Dictionary<string, double>(logs) { ["epoch"] = epoch + 1 };
        if (batch is { } b && !logs.ContainsKey("batch")) values["batch"] = b + 1;
        return PathTemplate.Format(Filepath, values, IntegerFields);
    }

    bool ShouldSave(int epoch, Logs logs, string path)
    {
        if (!SaveBestOnly)
        {
            if (Verbose > 0) Print($"\nEpoch {epoch + 1}: saving model to {path}");
            return true;
        }
        if (!logs.TryGetValue(Monitor, out var current))
        {
            // As Keras: without the monitored value there is nothing to compare, so the model is saved.
            Warn($"Can save best model only with {Monitor} available.");
            return true;
        }
        var bestText = Best is { } best ? best.ToString("F5", CultureInfo.InvariantCulture) : "None";
        // Keras counts a NaN first value as an improvement, after which nothing improves on it: here it never improves.
        if (double.IsFinite(current) && IsImprovement(current, Best))
        {
            if (Verbose > 0)
                Print($"\nEpoch {epoch + 1}: {Monitor} improved from {bestText} to {current.ToString("F5", CultureInfo.InvariantCulture)}, saving model to {path}");
            Best = current;
            return true;
        }
        if (Verbose > 0) Print($"\nEpoch {epoch + 1}: {Monitor} did not improve from {bestText}");
        return false;
    }
}
