using System.Text;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The files one layer keeps beside its variables in a <c>.keras</c> archive (Keras's assets directory, given to
/// <see cref="Layers.Layer.SaveAssets"/> and <see cref="Layers.Layer.LoadAssets"/>), e.g. a lookup layer's
/// vocabulary: a file <c>vocabulary.txt</c> of the layer at <c>layers/string_lookup</c> is the archive entry
/// <c>assets/layers/string_lookup/vocabulary.txt</c>. Weights-only files (<c>.weights.h5</c>) have no assets.
/// </summary>
public sealed class AssetStore
{
    readonly Dictionary<string, byte[]> archive;
    readonly bool writing;

    AssetStore(string path, Dictionary<string, byte[]> archive, bool writing)
    {
        Path = path;
        this.archive = archive;
        this.writing = writing;
    }

    /// <summary>A store writing into <paramref name="entries"/> (archive entry name → content).</summary>
    internal static AssetStore ForWriting(string path, Dictionary<string, byte[]> entries) => new(path, entries, writing: true);

    /// <summary>A store reading <paramref name="entries"/> (the archive's <c>assets/</c> entries).</summary>
    internal static AssetStore ForReading(string path, Dictionary<string, byte[]> entries) => new(path, entries, writing: false);

    /// <summary>The archive folder of the assets that belong to every object (<c>assets</c>).</summary>
    internal const string Root = "assets";

    /// <summary>The layer's path in the file (empty for the model itself), e.g. <c>layers/string_lookup</c>.</summary>
    public string Path { get; }

    string Folder => Path.Length == 0 ? Root + "/" : $"{Root}/{Path}/";

    /// <summary>The files under the layer's folder (relative names, those of its sublayers' folders included), in name order.</summary>
    public IReadOnlyList<string> FileNames =>
        archive.Keys.Where(k => k.StartsWith(Folder, StringComparison.Ordinal)).Select(k => k[Folder.Length..]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether the layer has a file named <paramref name="fileName"/>.</summary>
    public bool Exists(string fileName) => archive.ContainsKey(Entry(fileName));

    /// <summary>Writes a file (saving only).</summary>
    /// <param name="fileName">A relative name such as <c>vocabulary.txt</c>; no <c>..</c> and no leading <c>/</c>.</param>
    /// <param name="content">The bytes.</param>
    public void WriteAllBytes(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!writing) throw new InvalidOperationException($"The assets of '{Describe}' are being loaded; files cannot be written now.");
        archive[Entry(fileName)] = content.ToArray();
    }

    /// <summary>Writes a UTF-8 text file (saving only).</summary>
    /// <param name="fileName">A relative name such as <c>vocabulary.txt</c>.</param>
    /// <param name="text">The text.</param>
    public void WriteAllText(string fileName, string text) => WriteAllBytes(fileName, Encoding.UTF8.GetBytes(text));

    /// <summary>Reads a file; a missing one is an error naming the archive entry.</summary>
    /// <param name="fileName">A relative name such as <c>vocabulary.txt</c>.</param>
    public byte[] ReadAllBytes(string fileName)
    {
        var entry = Entry(fileName);
        return archive.TryGetValue(entry, out var content)
            ? content.ToArray()
            : throw new FileNotFoundException(
                $"The archive has no asset '{entry}' for '{Describe}' (its assets: {(FileNames.Count == 0 ? "none" : string.Join(", ", FileNames))}).", entry);
    }

    /// <summary>Reads a UTF-8 text file.</summary>
    /// <param name="fileName">A relative name such as <c>vocabulary.txt</c>.</param>
    public string ReadAllText(string fileName) => Encoding.UTF8.GetString(ReadAllBytes(fileName));

    string Describe => Path.Length == 0 ? "the model" : Path;

    string Entry(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var parts = fileName.Split('/');
        if (fileName.StartsWith('/') || fileName.Contains('\\') || parts.Any(p => p is "" or "." or ".."))
            throw new ArgumentException($"Invalid asset name '{fileName}': it must be a relative path inside the layer's assets folder (no '..', no leading '/').", nameof(fileName));
        return Folder + fileName;
    }
}
