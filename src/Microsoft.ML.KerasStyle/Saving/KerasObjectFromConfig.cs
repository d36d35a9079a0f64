using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>deserialize_keras_object</c>: a <c>{module, class_name, config, registered_name}</c> object back to an
/// instance of the class it names (layers and models go through <see cref="LayerFromConfig"/>).
/// </summary>
internal static class KerasObjectFromConfig
{
    /// <summary>Rebuilds the object <paramref name="serialized"/> describes, which must be a <paramref name="kind"/> assignable to <paramref name="target"/>.</summary>
    public static object Deserialize(JsonObject serialized, Type kind, Type target, LoadContext context)
    {
        if (kind == typeof(Layer)) return Checked(LayerFromConfig.Deserialize(serialized, context), target, serialized, context);
        var (className, registeredName, module) = Names(serialized, context);
        if (className == "function")
            throw new InvalidOperationException(
                $"In {context.Source}: the {ObjectRegistry.Noun(kind)} '{serialized["config"]?.ToJsonString()}' is a Python function (module '{module}'), which cannot be rebuilt here.");
        var type = ObjectRegistry.Find(kind, className, registeredName, module, context)
                   ?? throw ObjectRegistry.Unknown(kind, className, registeredName, module, context);
        var config = serialized["config"] as JsonObject ?? [];
        var instance = ConfigActivator.Create(type, config, $"{ObjectRegistry.Noun(kind)} class '{className}'", context);
        return Checked(instance, target, serialized, context);
    }

    /// <summary>The class name, registered name and module of a serialized object.</summary>
    public static (string ClassName, string? RegisteredName, string? Module) Names(JsonObject serialized, LoadContext context)
    {
        var className = serialized["class_name"] is JsonValue c && c.TryGetValue<string>(out var name) ? name
            : throw new InvalidOperationException($"In {context.Source}: an object has no class_name: {Shorten(serialized.ToJsonString())}.");
        var registeredName = serialized["registered_name"] is JsonValue r && r.TryGetValue<string>(out var reg) ? reg : null;
        var module = serialized["module"] is JsonValue m && m.TryGetValue<string>(out var mod) ? mod : null;
        return (className, registeredName, module);
    }

    static object Checked(object instance, Type target, JsonObject serialized, LoadContext context) => target.IsInstanceOfType(instance)
        ? instance
        : throw new InvalidOperationException(
            $"In {context.Source}: expected a {target.Name} but the config describes a {instance.GetType().Name}: {Shorten(serialized.ToJsonString())}.");

    /// <summary>The first 200 characters of a JSON text, for messages.</summary>
    public static string Shorten(string json) => json.Length <= 200 ? json : json[..200] + "…";
}
