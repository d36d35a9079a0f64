using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Activations;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Converts a JSON config value to the type a constructor parameter wants: numbers, strings, booleans, arrays and
/// lists of them, activations by name, and serialized Keras objects (<c>{class_name, config}</c>) such as
/// initializers, layers, losses, metrics, optimizers and schedules. Types with an implicit conversion from a string or
/// a number (an activation or initializer by name, a learning rate) take those too.
/// </summary>
internal static class ConfigValues
{
    /// <summary>Converts <paramref name="node"/> to <paramref name="target"/>, or returns false with the reason.</summary>
    public static bool TryConvert(JsonNode? node, Type target, LoadContext context, out object? value, out string? error)
    {
        value = null;
        error = null;
        try
        {
            value = Convert(node, target, context);
            return true;
        }
        catch (ConversionException e)
        {
            error = e.Message;
            return false;
        }
    }

    sealed class ConversionException(string message) : Exception(message);

    static ConversionException Mismatch(JsonNode? node, Type target) =>
        new($"expected {Describe(target)}, found {(node is null ? "null" : node.ToJsonString())}");

    static string Describe(Type t) => Nullable.GetUnderlyingType(t) is { } inner ? Describe(inner) + " or null" : t.Name;

    static object? Convert(JsonNode? node, Type target, LoadContext context)
    {
        if (target == typeof(JsonNode)) return node;
        if (node is null)
            return !target.IsValueType || Nullable.GetUnderlyingType(target) is not null ? null : throw Mismatch(node, target);
        if (Nullable.GetUnderlyingType(target) is { } underlying) return Convert(node, underlying, context);
        if (target == typeof(object)) return Plain(node);

        if (node is JsonObject obj && obj.ContainsKey("class_name") && ObjectRegistry.KindOf(target) is { } kind)
            return KerasObjectFromConfig.Deserialize(obj, kind, target, context);
        if (target == typeof(ActivationFunction)) return Activation(node);

        if (node is JsonValue scalar)
        {
            var element = ConfigJson.Element(scalar);
            if (Scalar(element, target, out var converted)) return converted;
            if (target == typeof(IntTuple) && Scalar(element, typeof(int), out var whole)) return (IntTuple)(int)whole!;
            if (ImplicitFrom(target, element) is { } implicitValue) return implicitValue;
            // Keras takes one number where it takes a list of them (a metric's "thresholds": 0.5): an array of one.
            if (target.IsArray && element.ValueKind == JsonValueKind.Number && Scalar(element, target.GetElementType()!, out var item))
            {
                var single = Array.CreateInstance(target.GetElementType()!, 1);
                single.SetValue(item, 0);
                return single;
            }
            throw Mismatch(node, target);
        }
        if (node is JsonArray array)
        {
            // Keras writes a 1-D layer's window as a one-element tuple ("kernel_size": [3]); a scalar parameter takes its element.
            if (array.Count == 1 && (target.IsPrimitive || target == typeof(decimal)) && array[0] is JsonValue only)
                return Convert(only, target, context);
            if (target == typeof(IntTuple)) return (IntTuple)(int[])Convert(array, typeof(int[]), context)!;
            if (target.IsArray)
            {
                var elementType = target.GetElementType()!;
                var result = Array.CreateInstance(elementType, array.Count);
                for (var i = 0; i < array.Count; i++) result.SetValue(Convert(array[i], elementType, context), i);
                return result;
            }
            if (ListElementType(target) is { } itemType)
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
                foreach (var item in array) list.Add(Convert(item, itemType, context));
                return list;
            }
        }
        if (node is JsonObject dictionary && target.IsAssignableFrom(typeof(Dictionary<string, object?>)))
            return Plain(dictionary);
        throw Mismatch(node, target);
    }

    static bool Scalar(JsonElement element, Type target, out object? value)
    {
        value = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when target == typeof(string):
                value = element.GetString();
                return true;
            case JsonValueKind.String when target.IsEnum:
                var text = element.GetString()!.Replace("_", "");
                if (!Enum.TryParse(target, text, ignoreCase: true, out var parsed)) return false;
                value = parsed;
                return true;
            case JsonValueKind.True or JsonValueKind.False when target == typeof(bool):
                value = element.GetBoolean();
                return true;
            case JsonValueKind.Number:
                if (target == typeof(double)) value = element.GetDouble();
                else if (target == typeof(float)) value = (float)element.GetDouble();
                else if (target == typeof(decimal)) value = element.GetDecimal();
                else if (IsInteger(target))
                {
                    // Python writes integral values of float options as 2.0; integers never carry a fraction.
                    if (!element.TryGetInt64(out var whole))
                    {
                        var d = element.GetDouble();
                        if (d != Math.Floor(d) || double.IsInfinity(d)) return false;
                        whole = (long)d;
                    }
                    try
                    {
                        value = System.Convert.ChangeType(whole, target, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (OverflowException)
                    {
                        return false;
                    }
                }
                return value is not null;
            default:
                return false;
        }
    }

    static bool IsInteger(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
                                     || t == typeof(sbyte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort);

    /// <summary>A value through the target's own implicit conversion from a string or a number (e.g. <c>"relu"</c>, a learning rate).</summary>
    static object? ImplicitFrom(Type target, JsonElement element)
    {
        object? source = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetDouble(),
            _ => null,
        };
        if (source is null) return null;
        var conversion = target.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == "op_Implicit" && m.ReturnType == target && m.GetParameters() is [var p] && p.ParameterType == source.GetType());
        if (conversion is null) return null;
        try
        {
            return conversion.Invoke(null, [source]);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw new ConversionException(inner.Message);
        }
    }

    /// <summary>An activation by name, or Keras's serialized function form (<c>{class_name: "function", config: "relu"}</c>).</summary>
    static ActivationFunction Activation(JsonNode node)
    {
        var name = node switch
        {
            JsonValue v when ConfigJson.Element(v).ValueKind == JsonValueKind.String => v.GetValue<string>(),
            JsonObject o when o["config"] is JsonValue c && ConfigJson.Element(c).ValueKind == JsonValueKind.String => c.GetValue<string>(),
            _ => throw new ConversionException($"expected an activation name, found {node.ToJsonString()}"),
        };
        try
        {
            return ActivationFunctions.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new ConversionException(e.Message);
        }
    }

    static Type? ListElementType(Type target)
    {
        if (!target.IsGenericType) return null;
        var definition = target.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
               || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
            ? target.GetGenericArguments()[0]
            : null;
    }

    /// <summary>A JSON value as plain .NET values: string, bool, long or double, List&lt;object?&gt;, Dictionary&lt;string, object?&gt;.</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => ConfigJson.Element(v) switch
        {
            { ValueKind: JsonValueKind.String } e => e.GetString(),
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            { ValueKind: JsonValueKind.Number } e => e.TryGetInt64(out var l) ? l : e.GetDouble(),
            _ => null,
        },
        _ => null,
    };

    /// <summary>A shape from JSON: <c>[null, 3]</c> → <c>[null, 3]</c>.</summary>
    public static int?[] Shape(JsonNode? node, string where) => node is JsonArray a
        ? a.Select(d => d is null ? (int?)null : d is JsonValue v && ConfigJson.Element(v).TryGetInt32(out var i) ? i
            : throw new InvalidOperationException($"{where}: expected a shape (a list of integers or null), found {node.ToJsonString()}.")).ToArray()
        : throw new InvalidOperationException($"{where}: expected a shape (a list of integers or null), found {node?.ToJsonString() ?? "null"}.");

    /// <summary>True when <paramref name="node"/> is a list of shapes rather than one shape.</summary>
    public static bool IsShapeList(JsonNode? node) => node is JsonArray a && a.Count > 0 && a.All(x => x is JsonArray);
}
