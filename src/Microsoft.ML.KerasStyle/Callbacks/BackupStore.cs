using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// The files of a <see cref="BackupAndRestore"/> directory, with Keras's names (<c>latest.weights.h5</c>,
/// <c>training_metadata.json</c> and their <c>.bkp</c> copies), changed only as one unit: a change is prepared in a
/// staging folder (<c>.backup.&lt;guid&gt;.tmp</c>), committed by renaming that folder to <c>.backup.commit</c>, then
/// applied file by file (each file moved in, or deleted for a <c>.delete</c> marker). A crash before the commit leaves
/// the previous backup whole (the staging folder is removed later); a crash after it is finished by
/// <see cref="Recover"/>, which runs before the backup is read or changed again.
/// </summary>
internal sealed class BackupStore(string directory)
{
    public const string WeightsFileName = "latest.weights.h5";
    public const string MetadataFileName = "training_metadata.json";
    const string StagingPrefix = ".backup.";
    const string StagingSuffix = ".tmp";
    const string CommitName = ".backup.commit";
    const string DeleteMarker = ".delete";

    // The order in which a commit is applied: the previous backup, then the weights, then the metadata (as Keras writes them).
    static readonly string[] FileNames = [Previous(WeightsFileName), Previous(MetadataFileName), WeightsFileName, MetadataFileName];

    /// <summary>
    /// Called after each step of a change ("staged", "committed", "moved latest.weights.h5", "deleted …", "done"), for
    /// tests that stop the process there. Null outside tests.
    /// </summary>
    internal static Action<string>? StepHook { get; set; }

    public string WeightsPath => Path.Combine(directory, WeightsFileName);

    public string MetadataPath => Path.Combine(directory, MetadataFileName);

    /// <summary>Keras's name for the previous backup of a file (<c>double_checkpoint</c>).</summary>
    public static string Previous(string name) => name + ".bkp";

    string CommitPath => Path.Combine(directory, CommitName);

    /// <summary>
    /// Replaces the backup: <paramref name="writeWeights"/> writes the weights to the path it is given, then the metadata;
    /// with <paramref name="keepPrevious"/> the current backup becomes the <c>.bkp</c> files in the same unit.
    /// </summary>
    public void Write(Action<string> writeWeights, byte[] metadata, bool keepPrevious) => Commit(staging =>
    {
        if (keepPrevious)
            foreach (var name in new[] { WeightsFileName, MetadataFileName })
                if (File.Exists(Path.Combine(directory, name))) File.Copy(Path.Combine(directory, name), Path.Combine(staging, Previous(name)));
        writeWeights(Path.Combine(staging, WeightsFileName));
        WriteFlushed(Path.Combine(staging, MetadataFileName), metadata);
    });

    /// <summary>Makes the <c>.bkp</c> files the latest backup again (Keras's fallback when the latest cannot be read).</summary>
    public void RestorePrevious() => Commit(staging =>
    {
        File.Copy(Path.Combine(directory, Previous(WeightsFileName)), Path.Combine(staging, WeightsFileName));
        var previousMetadata = Path.Combine(directory, Previous(MetadataFileName));
        if (File.Exists(previousMetadata)) File.Copy(previousMetadata, Path.Combine(staging, MetadataFileName));
        else WriteFlushed(Path.Combine(staging, MetadataFileName + DeleteMarker), []);
    });

    /// <summary>Deletes the backup (its files and the leftovers of killed saves), then the directory when it is left empty.</summary>
    public void Delete()
    {
        if (!Directory.Exists(directory)) return;
        Commit(staging =>
        {
            foreach (var name in FileNames) WriteFlushed(Path.Combine(staging, name + DeleteMarker), []);
        });
        foreach (var name in FileNames) TemporaryFiles.RemoveStale(Path.Combine(directory, name));
        if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
    }

    /// <summary>
    /// Finishes a change that was committed but not applied, and removes the staging folders of changes that never
    /// reached their commit. Call before reading the backup.
    /// </summary>
    public void Recover()
    {
        if (!Directory.Exists(directory)) return;
        if (Directory.Exists(CommitPath)) Apply();
        foreach (var staging in Directory.EnumerateDirectories(directory, StagingPrefix + "*" + StagingSuffix)) TryDeleteDirectory(staging);
    }

    void Commit(Action<string> prepare)
    {
        Directory.CreateDirectory(directory);
        Recover();
        var staging = Path.Combine(directory, StagingPrefix + Guid.NewGuid().ToString("N") + StagingSuffix);
        Directory.CreateDirectory(staging);
        try
        {
            prepare(staging);
            Step("staged");
            Directory.Move(staging, CommitPath);
        }
        catch
        {
            TryDeleteDirectory(staging);
            throw;
        }
        Step("committed");
        Apply();
    }

    // Idempotent: a crash anywhere in it leaves the commit folder with what remains to do.
    void Apply()
    {
        foreach (var name in FileNames)
        {
            var source = Path.Combine(CommitPath, name);
            var marker = source + DeleteMarker;
            if (File.Exists(source))
            {
                File.Move(source, Path.Combine(directory, name), overwrite: true);
                Step("moved " + name);
            }
            else if (File.Exists(marker))
            {
                File.Delete(Path.Combine(directory, name));
                File.Delete(marker);
                Step("deleted " + name);
            }
        }
        Directory.Delete(CommitPath, recursive: true);
        Step("done");
    }

    static void Step(string step) => StepHook?.Invoke(step);

    static void WriteFlushed(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A staging folder is hidden and never read; the next Recover tries again.
        }
    }
}
