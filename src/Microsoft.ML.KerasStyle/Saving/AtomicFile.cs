namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Writes a file so that a crash never leaves it half-written: the content goes to a temporary file in the same
/// directory, which then replaces the target in one rename. Until the rename the previous file stays intact.
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
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) TryDelete(temporary);
        }
    }

    static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file is hidden and named uniquely; a leftover never replaces a real file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
