using System.Text.Json.Nodes;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>deserialize</c> and <c>from_config</c> for the small object families that offer them to users
/// (regularizers, constraints): JSON text or a config dictionary to an instance, through the same registry and
/// constructor matching that loading a model uses.
/// </summary>
internal static class KerasObjectJson
{
    /// <summary>A <typeparamref name="T"/> from its serialized JSON (Keras 3 or Keras 2 form) or a JSON string naming it.</summary>
    public static T Deserialize<T>(string json, IReadOnlyDictionary<string, Type>? customObjects) where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        var noun = ObjectRegistry.Noun(typeof(T));
        var context = new LoadContext($"the {noun} JSON", customObjects);
        JsonNode? node;
        try
        {
            node = ConfigJson.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"The {noun} JSON is not valid JSON: {e.Message}", nameof(json), e);
        }
        if (node is null) throw new ArgumentException($"The {noun} JSON is null; expected {{\"class_name\": ..., \"config\": {{...}}}} or a name.", nameof(json));
        if (!ConfigValues.TryConvert(node, typeof(T), context, out var value, out var error))
            throw new ArgumentException($"Cannot read a {noun} from {KerasObjectFromConfig.Shorten(json)}: {error}.", nameof(json));
        return (T)value!;
    }

    /// <summary>Keras's <c>cls.from_config(config)</c>: a <typeparamref name="T"/> from its <c>GetConfig</c> keys.</summary>
    public static T FromConfig<T>(IReadOnlyDictionary<string, object?> config) where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        var node = ConfigJson.ToNode(config.ToDictionary(p => p.Key, p => p.Value), typeof(T).Name) as JsonObject ?? [];
        return (T)ConfigActivator.Create(typeof(T), node, $"{ObjectRegistry.Noun(ObjectRegistry.KindOf(typeof(T))!)} class '{typeof(T).Name}'",
            new LoadContext("the config given to FromConfig", null));
    }
}
