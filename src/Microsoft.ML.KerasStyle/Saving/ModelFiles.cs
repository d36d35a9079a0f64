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
}
