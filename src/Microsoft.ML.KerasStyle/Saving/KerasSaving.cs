using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>Keras's <c>keras.saving</c>: saving and loading models, and registering custom classes for loading.</summary>
    public static class Saving
    {
        /// <summary>
        /// Registers a custom layer, model, initializer, loss, metric, optimizer, schedule, regularizer or constraint so that
        /// <see cref="Models.LoadModel"/> can rebuild it (Keras's <c>register_keras_serializable</c>); files name it
        /// <c>package&gt;name</c>. Same as marking the class <see cref="KerasSerializableAttribute"/>.
        /// </summary>
        /// <typeparam name="T">The class; it rebuilds from its <c>GetConfig()</c> keys matched to constructor parameters.</typeparam>
        /// <param name="package">The package part of the registered name. Defaults to <c>Custom</c>.</param>
        /// <param name="name">The name part. Defaults to the class name.</param>
        /// <returns>The registered name, e.g. <c>Custom&gt;MyLayer</c>.</returns>
        public static string Register<T>(string package = "Custom", string? name = null) => ObjectRegistry.Register(typeof(T), package, name);

        /// <summary>The registered name of <paramref name="type"/> (<c>package&gt;name</c>), or null when it is not registered.</summary>
        public static string? GetRegisteredName(Type type) => ObjectRegistry.RegisteredName(type);

        /// <summary>The class registered as <paramref name="registeredName"/>, or null.</summary>
        public static Type? GetRegisteredObject(string registeredName) => ObjectRegistry.FindRegistered(registeredName);

        /// <summary>Saves <paramref name="model"/> as a <c>.keras</c> file (same as <see cref="Model.Save"/>).</summary>
        /// <param name="model">The model.</param>
        /// <param name="filepath">The file, ending in <c>.keras</c>.</param>
        /// <param name="overwrite">Whether an existing file may be replaced. Defaults to true.</param>
        public static void SaveModel(Model model, string filepath, bool overwrite = true)
        {
            ArgumentNullException.ThrowIfNull(model);
            model.Save(filepath, overwrite);
        }

        /// <summary>Loads a model from a <c>.keras</c> or legacy <c>.h5</c> file (same as <see cref="Models.LoadModel"/>).</summary>
        /// <param name="filepath">The file.</param>
        /// <param name="customObjects">Custom classes by registered or class name. Defaults to none.</param>
        /// <param name="compile">Whether to compile the model as it was saved. Defaults to true.</param>
        public static Model LoadModel(string filepath, IReadOnlyDictionary<string, Type>? customObjects = null, bool compile = true) =>
            ModelFiles.Load(filepath, customObjects, compile);
    }
}
