namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Writes a file so that a crash never leaves it half-written: the content goes to a temporary file in the same
/// directory, which then replaces the target in one rename. Until the rename the previous file stays intact. A save
/// killed before the rename leaves its hidden temporary behind; the next save of the same target deletes it
/// (<see cref="TemporaryFiles"/>). Errors name the target, not the temporary.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Called while a file is being written (after part of the content), for tests that simulate a crash mid-save.
    /// Null outside tests.
    /// </summary>
    internal static Action<string>? WritingHook { get; set; }

    /// <summary>Invokes <see cref="WritingHook"/> for <paramref name="path"/>.</summary>
    internal static void ReportProgress(string path) => WritingHook?.Invoke(path);

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="write">Writes the content to the (seekable) stream.</param>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ArgumentException($"Cannot save to '{path}': it is an existing directory. Give a file path.", nameof(path));
        if (File.Exists(full) && !overwrite)
            throw new InvalidOperationException($"Cannot save to '{path}': the file exists and overwrite is false. Pass overwrite: true to replace it.");
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot save to '{path}': the directory '{directory}' does not exist.");
        TemporaryFiles.RemoveStale(full);
        var temporary = TemporaryFiles.NewName(full);
        try
        {
            using var stream = TemporaryFiles.Create(temporary);
            write(stream);
            stream.Flush(flushToDisk: true);
            // Renamed while still held open: a concurrent save's cleanup never takes it for a killed save's leftover.
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e.Message.Contains(temporary, StringComparison.Ordinal))
        {
            throw Failed(e, path, temporary);
        }
        finally
        {
            if (File.Exists(temporary)) TemporaryFiles.TryDelete(temporary);
        }
    }

    // An error of the file system names the hidden temporary file: say which save failed, keep the detail inside.
    static Exception Failed(Exception error, string path, string temporary)
    {
        const string unchanged = "The previous file, if any, is unchanged.";
        if (error is UnauthorizedAccessException)
            return new UnauthorizedAccessException(
                $"Cannot save to '{path}': permission denied (a save writes a temporary file in '{Path.GetDirectoryName(temporary)}' " +
                $"and renames it over the target). {unchanged}", error);
        var reason = error.Message.Replace($" : '{temporary}'", "", StringComparison.Ordinal)
            .Replace($"file '{temporary}'", "its temporary file", StringComparison.Ordinal)
            .Replace($"the path '{temporary}'", "the path of its temporary file", StringComparison.Ordinal)
            .Replace($"'{temporary}'", "its temporary file", StringComparison.Ordinal)
            .Replace(temporary, "its temporary file", StringComparison.Ordinal).Trim().TrimEnd('.');
        return new IOException($"Cannot save to '{path}': {reason}. {unchanged}", error);
    }
}
