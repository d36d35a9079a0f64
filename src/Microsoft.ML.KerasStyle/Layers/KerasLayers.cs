using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle;

public static partial class Keras
{
    /// <summary>
    /// Keras's <c>keras.layers.serialize</c> / <c>deserialize</c>: a layer's serialized form (what <c>.keras</c> files
    /// hold) and back, and clones made from a layer's config (what Keras's <c>Bidirectional</c> does to its layer).
    /// </summary>
    public static class Layers
    {
        /// <summary>
        /// The layer's serialized form: <c>{module, class_name, config, registered_name}</c>, plus <c>build_config</c>
        /// when it is built. A custom class's config holds its constructor arguments even without a <c>GetConfig</c>
        /// override (found in its properties and fields); one that cannot be found is an error naming it.
        /// </summary>
        /// <param name="layer">The layer or model.</param>
        public static JsonObject Serialize(Layer layer)
        {
            ArgumentNullException.ThrowIfNull(layer);
            var where = $"layer '{layer.Name}'";
            return (JsonObject)ConfigJson.ToNode(LayerSerializer.Serialize(layer, where), where)!;
        }

        /// <summary>
        /// The layer <paramref name="serialized"/> describes (made by <see cref="Serialize"/> or read from a Keras file),
        /// built for its <c>build_config</c> when it has one. Custom classes must be registered
        /// (<see cref="KerasSerializableAttribute"/>) or given in <paramref name="customObjects"/>.
        /// </summary>
        /// <param name="serialized">The serialized layer.</param>
        /// <param name="customObjects">Custom classes by registered or class name. Defaults to none.</param>
        public static Layer Deserialize(JsonObject serialized, IReadOnlyDictionary<string, Type>? customObjects = null)
        {
            ArgumentNullException.ThrowIfNull(serialized);
            return LayerFromConfig.Deserialize(serialized, new LoadContext("the config given to Keras.Layers.Deserialize", customObjects));
        }

        /// <summary>
        /// A new layer of the same class and config as <paramref name="layer"/> (its name included), unbuilt and with
        /// fresh weights: Keras's <c>layer.__class__.from_config(layer.get_config())</c>. Edit the config on the way with
        /// <paramref name="edit"/>, e.g. to rename it or flip <c>go_backwards</c>.
        /// </summary>
        /// <typeparam name="TLayer">The layer's class.</typeparam>
        /// <param name="layer">The layer to copy.</param>
        /// <param name="edit">Changes to make to the config (snake_case keys) before the copy is made. Defaults to none.</param>
        public static TLayer Clone<TLayer>(TLayer layer, Action<JsonObject>? edit = null) where TLayer : Layer
        {
            var serialized = Serialize(layer);
            serialized.Remove("build_config");
            if (edit is not null) edit((JsonObject)serialized["config"]!);
            var context = new LoadContext($"the config of layer '{layer.Name}' being cloned", null);
            var clone = LayerFromConfig.Create(layer.GetType(), (JsonObject)serialized["config"]!, layer.ClassName, context);
            return (TLayer)clone;
        }
    }
}
