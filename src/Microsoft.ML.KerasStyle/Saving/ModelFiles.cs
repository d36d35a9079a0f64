using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// <c>load_model</c>'s choice of format by file name, as Keras 3 makes it: <c>.keras</c> archives
/// (<see cref="KerasArchive"/>), legacy <c>.h5</c>/<c>.hdf5</c> full-model files (<see cref="LegacyH5Model"/>).
/// </summary>
internal static class ModelFiles
{
    /// <summary>Loads the model <paramref name="path"/> holds.</summary>
    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects, bool compile)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw NotAFile(path, "LoadModel");
        if (path.EndsWith(".keras", StringComparison.Ordinal)) return KerasArchive.Load(path, customObjects, compile);
        if (path.EndsWith(".weights.h5", StringComparison.Ordinal))
            throw new ArgumentException(
                $"LoadModel: '{path}' is a weights-only file (.weights.h5), which holds no architecture. Build the model in code and call LoadWeights.", nameof(path));
        if (path.EndsWith(".h5", StringComparison.Ordinal) || path.EndsWith(".hdf5", StringComparison.Ordinal))
            return LegacyH5Model.Load(path, customObjects, compile);
        throw new ArgumentException(
            $"LoadModel reads a .keras file (Keras 3's format) or a legacy .h5/.hdf5 file (model.save(\"x.h5\")); the path must end in one of these, received '{path}'.",
            nameof(path));
    }

    /// <summary>Throws a clear error when <paramref name="path"/> is a directory or does not exist.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="operation"><c>LoadModel</c> or <c>LoadWeights</c>, for the message.</param>
    public static void RequireFile(string path, string operation)
    {
        if (Directory.Exists(path)) throw NotAFile(path, operation);
        if (!File.Exists(path)) throw new FileNotFoundException($"No such file: '{path}'.", path);
    }

    static ArgumentException NotAFile(string path, string operation)
    {
        var expected = operation == "LoadWeights"
            ? "a .weights.h5 file (written by SaveWeights) or a .keras file"
            : "a .keras file (the zip archive that Save writes) or a legacy .h5/.hdf5 file";
        var hint = File.Exists(Path.Combine(path, "config.json"))
            ? " It holds a config.json, like the unzipped model folder of Keras's save_model(..., zipped=False): zip its files " +
              "(config.json, metadata.json, model.weights.h5) into a .keras file to load it."
            : File.Exists(Path.Combine(path, "saved_model.pb"))
                ? " It holds a TensorFlow SavedModel, which Keras 3's load_model does not read either; load the model in Python and save it with model.save(\"x.keras\")."
                : "";
        return new ArgumentException($"{operation}: '{path}' is a directory, not a file. {operation} reads {expected}.{hint}", nameof(path));
    }
}
