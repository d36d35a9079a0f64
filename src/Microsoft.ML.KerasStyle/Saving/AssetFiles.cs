using System.IO.Compression;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The <c>assets/</c> folder of a <c>.keras</c> archive (Keras's <c>DiskIOStore</c>): each layer's files, written by
/// <see cref="Layer.SaveAssets"/> under <c>assets/{path}/</c> at the layer's path in the weights file, and given back
/// to <see cref="Layer.LoadAssets"/> when the model is loaded.
/// </summary>
internal static class AssetFiles
{
    /// <summary>The archive entries (name → content) every layer of <paramref name="model"/> writes; usually none.</summary>
    public static SortedDictionary<string, byte[]> Collect(Model model)
    {
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in SaveableTree.Walk(model))
            if (entry.Owner is Layer layer)
                layer.SaveAssets(AssetStore.ForWriting(entry.Path, entries));
        return new SortedDictionary<string, byte[]>(entries, StringComparer.Ordinal);
    }

    /// <summary>Gives every layer of <paramref name="model"/> its files from <paramref name="zip"/>.</summary>
    public static void Load(Model model, ZipArchive zip, string path)
    {
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(AssetStore.Root + "/", StringComparison.Ordinal) && !e.FullName.EndsWith('/')))
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            entries[entry.FullName] = buffer.ToArray();
        }
        foreach (var entry in SaveableTree.Walk(model))
        {
            if (entry.Owner is not Layer layer) continue;
            try
            {
                layer.LoadAssets(AssetStore.ForReading(entry.Path, entries));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException(
                    $"Cannot load '{path}': {entry.Describe} could not load its assets (folder '{AssetStore.Root}/{entry.Path}'): {e.Message}", e);
            }
        }
    }
}
