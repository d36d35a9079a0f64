using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras 3's automatic config for user classes (it records a layer's constructor arguments when the object is made):
/// here, at save time, each parameter of the constructor that will rebuild a custom layer or subclassed model gets its
/// value from <c>GetConfig()</c> (its snake_case key) or else from a readable member of the same name — a property or
/// field of the class or its bases (<c>units</c> → <c>Units</c>, <c>units</c>, <c>_units</c>), a captured
/// primary-constructor parameter included. A parameter with no value, or whose value cannot be written and read back,
/// is an error naming the class, the parameter and the fix: a file never reloads with an argument silently defaulted.
/// </summary>
internal static class ConfigCapture
{
    const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary><paramref name="config"/> completed with the constructor arguments it lacks.</summary>
    public static Dictionary<string, object?> Complete(Layer layer, Dictionary<string, object?> config)
    {
        var type = layer.GetType();
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .ToList();
        if (constructors.Count == 0) throw Error(layer, "the class has no public constructor to rebuild it from its config");
        var keys = config.Keys.ToDictionary(ConfigActivator.CamelCase, k => k, StringComparer.OrdinalIgnoreCase);
        (Dictionary<string, object?> Found, List<string> Problems)? best = null;
        foreach (var constructor in constructors)
        {
            var attempt = Resolve(layer, constructor, keys);
            if (attempt.Problems.Count == 0)
            {
                var complete = new Dictionary<string, object?>(config);
                foreach (var (key, value) in attempt.Found) complete[key] = value;
                return complete;
            }
            if (best is null || attempt.Problems.Count < best.Value.Problems.Count) best = attempt;
        }
        throw Error(layer, string.Join("; ", best!.Value.Problems));
    }

    static (Dictionary<string, object?> Found, List<string> Problems) Resolve(Layer layer, ConstructorInfo constructor, Dictionary<string, string> keys)
    {
        var found = new Dictionary<string, object?>();
        var problems = new List<string>();
        var context = new LoadContext($"the config of {layer.GetType().Name}", null);
        foreach (var parameter in constructor.GetParameters())
        {
            var name = parameter.Name!;
            var key = ConfigActivator.SnakeCase(name);
            if (keys.ContainsKey(name)) continue;
            if (parameter.IsOut || parameter.ParameterType.IsByRef || parameter.IsDefined(typeof(ParamArrayAttribute)))
            {
                problems.Add($"parameter '{name}' ({key}) is passed by reference or as 'params', which a config cannot hold");
                continue;
            }
            if (FindMember(layer.GetType(), name) is not { } member)
            {
                problems.Add($"constructor parameter '{name}' has no value to save: GetConfig() has no '{key}' key and the class has no property or field named " +
                             $"'{char.ToUpperInvariant(name[0])}{name[1..]}' or '{name}'");
                continue;
            }
            var value = member is PropertyInfo p ? p.GetValue(layer) : ((FieldInfo)member).GetValue(layer);
            JsonNode? node;
            try
            {
                node = ConfigJson.ToNode(value, $"{layer.Name}.{key}");
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"the value of constructor parameter '{name}' (member {member.Name}, a {value!.GetType().Name}) cannot be saved: {e.Message}");
                continue;
            }
            // Keras objects (layers, initializers…) are checked when they are rebuilt; other values must convert back now.
            if (!(node is JsonObject o && o.ContainsKey("class_name"))
                && !ConfigValues.TryConvert(node, parameter.ParameterType, context, out _, out var error))
            {
                problems.Add($"the value of constructor parameter '{name}' (member {member.Name}) = {node?.ToJsonString() ?? "null"} would not load back as {parameter.ParameterType.Name}: {error}");
                continue;
            }
            found[key] = value;
        }
        return (found, problems);
    }

    /// <summary>A readable property or field named like <paramref name="parameter"/>, most-derived class first.</summary>
    static MemberInfo? FindMember(Type type, string parameter)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            var property = t.GetProperties(Members).FirstOrDefault(p =>
                p.GetMethod is not null && p.GetIndexParameters().Length == 0 && string.Equals(p.Name, parameter, StringComparison.OrdinalIgnoreCase));
            if (property is not null) return property;
            var field = t.GetFields(Members).FirstOrDefault(f =>
                string.Equals(f.Name, parameter, StringComparison.OrdinalIgnoreCase)
                || string.Equals(f.Name, "_" + parameter, StringComparison.OrdinalIgnoreCase)
                || f.Name == $"<{parameter}>P");                                      // a captured primary-constructor parameter
            if (field is not null) return field;
        }
        return null;
    }

    static InvalidOperationException Error(Layer layer, string problem)
    {
        var type = layer.GetType();
        var fix = "Expose each constructor argument as a property or field of the same name (e.g. public int Units { get; } = units;), " +
                  "or override GetConfig() to return it under its snake_case key.";
        return new InvalidOperationException(layer is Model
            ? $"Cannot save model '{layer.Name}' ({type.Name}) as a .keras file: it is a subclassed model, whose architecture lives in its C# code, " +
              $"and its config cannot be captured: {problem}. {fix} Register the class with [KerasSerializable] to make it loadable, " +
              "or save only its weights with SaveWeights(\"….weights.h5\")."
            : $"Cannot save layer '{layer.Name}' ({type.Name}): its config cannot be captured, so the file could not rebuild it: {problem}. {fix}");
    }
}
