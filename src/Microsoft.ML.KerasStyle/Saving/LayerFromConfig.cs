using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Rebuilds layers and models from their serialized form: the class from its name (<see cref="ObjectRegistry"/>),
/// the instance from its config (<see cref="ConfigActivator"/>; Sequential and functional models from their layer
/// lists and graphs), then its weights created from <c>build_config</c>, as Keras's <c>deserialize_keras_object</c>.
/// </summary>
internal static class LayerFromConfig
{
    /// <summary>The layer or model <paramref name="serialized"/> describes.</summary>
    public static Layer Deserialize(JsonObject serialized, LoadContext context)
    {
        var (className, registeredName, module) = KerasObjectFromConfig.Names(serialized, context);
        var type = ObjectRegistry.Find(typeof(Layer), className, registeredName, module, context)
                   ?? throw ObjectRegistry.Unknown(typeof(Layer), className, registeredName, module, context);
        var config = serialized["config"] as JsonObject
                     ?? throw new InvalidOperationException($"In {context.Source}: layer class '{className}' has no config object.");
        var layer = Create(type, config, className, context);
        BuildFromConfig(layer, serialized["build_config"], className, context);
        return layer;
    }

    /// <summary>
    /// Keras's <c>cls.from_config(config)</c>: a <paramref name="type"/> made from its config (a Sequential from its
    /// layer list, a functional model from its graph), not yet built.
    /// </summary>
    public static Layer Create(Type type, JsonObject config, string className, LoadContext context)
    {
        if (type == typeof(Sequential)) return SequentialFromConfig(config, context);
        if (type == typeof(Model))
            return config.ContainsKey("layers")
                ? FunctionalFromConfig.Create(config, context)
                : throw new InvalidOperationException($"In {context.Source}: model class '{className}' has no layers in its config, so it cannot be rebuilt.");
        return (Layer)ConfigActivator.Create(type, config, $"Layer class '{className}'", context);
    }

    /// <summary>Keras's <c>build_from_config</c>: creates the weights for the recorded input shape(s).</summary>
    static void BuildFromConfig(Layer layer, JsonNode? buildConfig, string className, LoadContext context)
    {
        if (layer.Built || buildConfig is not JsonObject config) return;
        var shapes = config["input_shape"] is JsonArray one
            ? ConfigValues.IsShapeList(one) ? one.Select(s => ConfigValues.Shape(s, context.Source)).ToList() : [ConfigValues.Shape(one, context.Source)]
            : config["shapes_dict"] is JsonObject byName ? byName.Select(p => ConfigValues.Shape(p.Value, context.Source)).ToList() : null;
        if (shapes is null) return;
        try
        {
            layer.EnsureBuilt(shapes);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"In {context.Source}: layer '{layer.Name}' ({className}) could not be built for its recorded input shape: {e.Message}", e);
        }
    }

    /// <summary>Keras's <c>Sequential.from_config</c>: the layers in order (input layer first), built for <c>build_input_shape</c>.</summary>
    static Sequential SequentialFromConfig(JsonObject config, LoadContext context)
    {
        var name = config["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        var layerConfigs = config["layers"] as JsonArray
                           ?? throw new InvalidOperationException($"In {context.Source}: Sequential model '{name}' has no layer list.");
        var serializedLayers = layerConfigs.Select(l => l as JsonObject
            ?? throw new InvalidOperationException($"In {context.Source}: Sequential model '{name}' lists a layer that is not an object: {l?.ToJsonString()}.")).ToList();
        var layers = new List<Layer>();
        if (serializedLayers.Count > 0 && FirstLayerInput(serializedLayers[0], context) is var (input, firstLayer))
        {
            layers.Add(input);
            serializedLayers[0] = firstLayer;
        }
        layers.AddRange(serializedLayers.Select(l => Deserialize(l, context)));
        var model = new Sequential(layers, name: name);
        if (!model.IsFunctional && config["build_input_shape"] is JsonArray shape) model.Build(ConfigValues.Shape(shape, context.Source));
        if (config["trainable"] is JsonValue t && t.TryGetValue<bool>(out var trainable) && !trainable) model.Trainable = false;
        return model;
    }

    /// <summary>
    /// Keras 2 wrote no InputLayer when the first layer was given its input shape: that layer's config holds
    /// <c>batch_input_shape</c> (or <c>input_shape</c>), and Keras 3's <c>Sequential.add</c> puts an input layer of that
    /// shape first. Returns that input layer and the first layer's entry without the shape, or null when there is none.
    /// </summary>
    static (InputLayer Input, JsonObject FirstLayer)? FirstLayerInput(JsonObject serialized, LoadContext context)
    {
        if (serialized["class_name"] is JsonValue c && c.TryGetValue<string>(out var className) && className == "InputLayer") return null;
        if (serialized["config"] is not JsonObject config) return null;
        int?[]? batchShape = null;
        foreach (var key in new[] { "batch_input_shape", "batch_shape" })
            if (config[key] is JsonArray shape) batchShape = ConfigValues.Shape(shape, context.Source);
        if (batchShape is null && config["input_shape"] is JsonArray sampleShape) batchShape = [null, .. ConfigValues.Shape(sampleShape, context.Source)];
        if (batchShape is null) return null;
        var stripped = (JsonObject)serialized.DeepClone();
        var strippedConfig = (JsonObject)stripped["config"]!;
        foreach (var key in new[] { "batch_input_shape", "batch_shape", "input_shape", "batch_size" }) strippedConfig.Remove(key);
        var dtype = (config["dtype"] is JsonObject policy ? policy["config"]?["name"] : config["dtype"]) is JsonValue d && d.TryGetValue<string>(out var name)
            ? name
            : "float32";
        return (new InputLayer(batchShape: batchShape, dtype: dtype), stripped);
    }
}
