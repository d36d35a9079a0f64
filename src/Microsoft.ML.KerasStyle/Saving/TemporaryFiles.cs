using System.Text;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The hidden temporary files of <see cref="AtomicFile"/>: <c>.&lt;name&gt;.&lt;32 hex digits&gt;.tmp</c> beside the
/// target, held open and locked by their writer until they are renamed over the target. A temporary that nobody holds
/// open is the leftover of a save that was killed; the next save of the same target removes it.
/// </summary>
internal static class TemporaryFiles
{
    // A file name is at most 255 bytes on Linux and macOS (255 UTF-16 units on Windows): the target's name is shortened
    // in its temporaries so that every target name that is valid can be saved.
    const int MaxNameBytes = 255;
    const int GuidDigits = 32;
    const string Extension = ".tmp";

    /// <summary>A new temporary's full path for the target <paramref name="fullPath"/>.</summary>
    public static string NewName(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, Prefix(fullPath) + Guid.NewGuid().ToString("N") + Extension);

    /// <summary>
    /// Creates <paramref name="temporary"/> for writing, locked against other openers until disposed: exclusively on
    /// Linux and macOS (an advisory lock that a killed process drops), with delete sharing on Windows so that the
    /// writer can rename it while it still holds it open.
    /// </summary>
    public static FileStream Create(string temporary) =>
        new(temporary, FileMode.CreateNew, FileAccess.ReadWrite, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None);

    /// <summary>
    /// Deletes the temporaries of <paramref name="fullPath"/> that no live writer holds open (in this or another
    /// process): the leftovers of saves that were killed. Failures are ignored: a leftover never replaces the target.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public static int RemoveStale(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory)) return 0;
        var prefix = Prefix(fullPath);
        var removed = 0;
        foreach (var candidate in Directory.EnumerateFiles(directory, ".*" + Extension))
            if (IsTemporaryOf(Path.GetFileName(candidate), prefix) && TryDeleteAbandoned(candidate)) removed++;
        return removed;
    }

    /// <summary>Deletes <paramref name="path"/> when it exists, ignoring failures.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary file is hidden and named uniquely; a leftover never replaces a real file.
        }
    }

    static string Prefix(string fullPath)
    {
        var name = Path.GetFileName(fullPath);
        var room = MaxNameBytes - 2 - GuidDigits - Extension.Length;
        while (Encoding.UTF8.GetByteCount(name) > room)
            name = name[..(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? name.Length - 2 : name.Length - 1)];
        return "." + name + ".";
    }

    static bool IsTemporaryOf(string fileName, string prefix) =>
        fileName.Length == prefix.Length + GuidDigits + Extension.Length
        && fileName.StartsWith(prefix, StringComparison.Ordinal)
        && fileName.EndsWith(Extension, StringComparison.Ordinal)
        && fileName.AsSpan(prefix.Length, GuidDigits).ContainsAnyExcept("0123456789abcdef") is false;

    // A live writer holds its temporary open and locked, so an exclusive open fails with a sharing violation; a killed
    // writer's lock went with its process.
    static bool TryDeleteAbandoned(string temporary)
    {
        try
        {
            using (new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
            }
            File.Delete(temporary);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
