using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Activations;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Writes configuration values (what <c>GetConfig</c> returns: dictionaries, lists, numbers, strings, null) as the
/// JSON Keras writes — Python's <c>json.dumps</c> layout (<c>", "</c> and <c>": "</c>), floats as Python prints them —
/// and reads JSON back into nodes.
/// </summary>
internal static class ConfigJson
{
    /// <summary>The JSON text of <paramref name="value"/>; <paramref name="where"/> names it in errors.</summary>
    public static string Write(object? value, string where)
    {
        var text = new StringBuilder();
        Append(text, value, where);
        return text.ToString();
    }

    /// <summary>Parses JSON text (as written by Keras or by <see cref="Write"/>).</summary>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    /// <summary>Converts a configuration value to a JSON node (for comparisons).</summary>
    public static JsonNode? ToNode(object? value, string where) => Parse(Write(value, where));

    static void Append(StringBuilder text, object? value, string where)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case string s:
                text.Append(JsonSerializer.Serialize(s));
                return;
            case double d:
                text.Append(JsonFloat(d));
                return;
            case float f:
                text.Append(JsonFloat(f));
                return;
            case int or long or short or sbyte or byte or ushort or uint or ulong:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case Enum e:
                text.Append(JsonSerializer.Serialize(e.ToString()));
                return;
            case JsonNode node:
                text.Append(node.ToJsonString());
                return;
            case ActivationFunction activation:
                text.Append(JsonSerializer.Serialize(activation.Name));
                return;
            case IDictionary dictionary:
                AppendObject(text, dictionary.Keys.Cast<object>().Select(k => (Key: Convert.ToString(k, CultureInfo.InvariantCulture)!, Value: dictionary[k])), where);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                AppendObject(text, pairs.Select(p => (p.Key, p.Value)), where);
                return;
            case IEnumerable items:
                text.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Append(text, item, where);
                }
                text.Append(']');
                return;
            default:
                if (KerasObjects.TrySerialize(value, where) is { } serialized)
                {
                    Append(text, serialized, where);
                    return;
                }
                throw new InvalidOperationException(
                    $"Cannot write {where}: a value of type {value.GetType().FullName} has no JSON form. " +
                    "Configs may hold numbers, strings, booleans, null, lists, dictionaries and Keras objects (initializers, layers, losses, metrics, optimizers).");
        }
    }

    // Python's json.dumps writes floats as repr() does, and non-finite ones as NaN / Infinity.
    static string JsonFloat(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity") : Callbacks.PythonFloat.Repr(value);

    static void AppendObject(StringBuilder text, IEnumerable<(string Key, object? Value)> entries, string where)
    {
        text.Append('{');
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first) text.Append(", ");
            first = false;
            text.Append(JsonSerializer.Serialize(key)).Append(": ");
            Append(text, value, $"{where}.{key}");
        }
        text.Append('}');
    }

    /// <summary>
    /// Deep equality of two JSON values, numbers compared to float32 precision (Keras stores many float32 values as
    /// their float64 expansion, e.g. 0.0010000000474974513 for 0.001).
    /// </summary>
    public static bool Equivalent(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null;
        switch (a)
        {
            case JsonObject objectA when b is JsonObject objectB:
                return objectA.Count == objectB.Count && objectA.All(p => objectB.TryGetPropertyValue(p.Key, out var other) && Equivalent(p.Value, other));
            case JsonArray arrayA when b is JsonArray arrayB:
                return arrayA.Count == arrayB.Count && arrayA.Zip(arrayB).All(p => Equivalent(p.First, p.Second));
            case JsonValue valueA when b is JsonValue valueB:
                var ea = Element(valueA);
                var eb = Element(valueB);
                if (ea.ValueKind == JsonValueKind.Number && eb.ValueKind == JsonValueKind.Number)
                {
                    var x = ea.GetDouble();
                    var y = eb.GetDouble();
                    return x == y || Math.Abs(x - y) <= 1e-6 * Math.Max(Math.Abs(x), Math.Abs(y));
                }
                return ea.ValueKind == eb.ValueKind && ea.GetRawText() == eb.GetRawText()
                    || ea.ValueKind == JsonValueKind.String && eb.ValueKind == JsonValueKind.String && ea.GetString() == eb.GetString();
            default:
                return false;
        }
    }

    /// <summary>The JSON element behind a value node (parsed nodes hold one; built ones are re-read).</summary>
    public static JsonElement Element(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element : JsonDocument.Parse(value.ToJsonString()).RootElement;
}
