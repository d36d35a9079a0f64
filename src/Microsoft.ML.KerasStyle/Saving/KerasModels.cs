using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>Keras's <c>keras.models</c>: loading saved models.</summary>
    public static class Models
    {
        /// <summary>
        /// Loads a model saved as a <c>.keras</c> file (by <see cref="Model.Save"/> or by Python Keras 3), or as a legacy
        /// full-model <c>.h5</c> file (Python's <c>model.save("x.h5")</c>, Keras 2 or 3): its architecture (Sequential,
        /// functional, nested), its weights and, when it was compiled, its compile settings and optimizer state — so
        /// that training continues exactly where it stopped. Custom classes must be
        /// registered (<see cref="KerasSerializableAttribute"/>, <see cref="Saving.Register{T}"/>) or passed in
        /// <paramref name="customObjects"/>. A file that cannot be loaded fully is an error; no partial model is returned.
        /// </summary>
        /// <param name="filepath">The file, ending in <c>.keras</c>, <c>.h5</c> or <c>.hdf5</c>.</param>
        /// <param name="customObjects">Custom classes by registered name (<c>package&gt;name</c>) or class name. Defaults to none.</param>
        /// <param name="compile">Whether to compile the model as it was saved (and restore its optimizer). Defaults to true.</param>
        public static Model LoadModel(string filepath, IReadOnlyDictionary<string, Type>? customObjects = null, bool compile = true) =>
            ModelFiles.Load(filepath, customObjects, compile);
    }
}
