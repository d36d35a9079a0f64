using System.Collections;
using System.Reflection;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// The one sublayer tracker, for every layer and model class (the library's and users' alike): the attributes that
/// hold layers — fields, auto-properties and primary-constructor parameters holding a layer, or an array, list or
/// dictionary of them (nested ones too) — walked from the base class down to the most-derived one, stopping at the
/// framework bases <see cref="Layer"/>, <see cref="Model"/> and <see cref="Sequential"/>, in declaration order;
/// <see cref="DoNotTrackAttribute"/> honoured. Each attribute is named as Python would name it (the member's name in
/// snake_case, or its <see cref="TrackedAsAttribute"/>). Weights, <c>Trainable</c>, saving, loading and ONNX weight
/// names all read it, so a sublayer is never counted in one place and lost in another.
/// </summary>
internal static class LayerTracking
{
    const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    static readonly Dictionary<Type, (FieldInfo Field, string Name)[]> Cache = new();
    static readonly Lock Gate = new();

    /// <summary>(attribute name, value) for each tracked member that holds a layer (not the owner) or a container.</summary>
    public static List<(string Name, object Value)> Attributes(Layer owner)
    {
        var attributes = new List<(string, object)>();
        foreach (var (field, name) in TrackedFields(owner.GetType()))
        {
            var value = field.GetValue(owner);
            if (value is Layer layer && !ReferenceEquals(layer, owner) || value is not null and not Layer && IsContainer(value))
                attributes.Add((name, value));
        }
        return attributes;
    }

    /// <summary>Every layer the owner holds, directly or in containers, once each, in attribute order.</summary>
    public static List<Layer> FindSublayers(Layer owner)
    {
        var found = new List<Layer>();
        foreach (var (_, value) in Attributes(owner)) Collect(value, owner, found);
        return found;
    }

    static void Collect(object? value, Layer owner, List<Layer> found)
    {
        if (value is Layer layer)
        {
            if (!ReferenceEquals(layer, owner) && !found.Contains(layer)) found.Add(layer);
        }
        else if (value is not null && IsContainer(value))
            foreach (var item in Items(value)) Collect(item, owner, found);
    }

    /// <summary>
    /// Keras's path of one of <paramref name="owner"/>'s weights: its own weight's path (<c>dense/kernel</c>), or a
    /// sublayer's prefixed with the owner's name (<c>multi_head_attention/query/kernel</c>), as Keras names the variables a
    /// layer's sublayers create while it builds; the weight's own path when the owner does not hold it.
    /// </summary>
    public static string WeightPath(Layer owner, Variable variable) => FindWeightPath(owner, variable, []) ?? variable.Path;

    static string? FindWeightPath(Layer owner, Variable variable, HashSet<Layer> seen)
    {
        if (!seen.Add(owner)) return null;
        if (owner.OwnVariables.Contains(variable)) return variable.Path;
        foreach (var sublayer in owner.Sublayers)
            if (FindWeightPath(sublayer, variable, seen) is { } path) return $"{owner.Name}/{path}";
        return null;
    }

    /// <summary>True for a value walked as a container of layers (Python's list, tuple or dict): an array, list or dictionary that can hold layers.</summary>
    public static bool IsContainer(object value) => value is not string && IsContainerType(value.GetType());

    /// <summary>The items of a container (a dictionary's values, as Keras walks them).</summary>
    public static IEnumerable<object?> Items(object container) =>
        container is IDictionary d ? d.Values.Cast<object?>() : ((IEnumerable)container).Cast<object?>();

    static (FieldInfo Field, string Name)[] TrackedFields(Type type)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(type, out var cached)) return cached;
            var chain = new List<Type>();
            for (var t = type; t is not null && t != typeof(Layer) && t != typeof(Model) && t != typeof(Sequential); t = t.BaseType)
                chain.Insert(0, t);
            var fields = chain
                .SelectMany(t => t.GetFields(Declared).OrderBy(f => f.MetadataToken))
                .Where(f => CanHoldLayers(f.FieldType) && !IsUntracked(f))
                .Select(f => (f, AttributeName(f)))
                .ToArray();
            Cache[type] = fields;
            return fields;
        }
    }

    static bool CanHoldLayers(Type type) => typeof(Layer).IsAssignableFrom(type) || type == typeof(object) || IsContainerType(type);

    static bool IsContainerType(Type type)
    {
        if (type == typeof(string) || typeof(Layer).IsAssignableFrom(type)) return false;
        if (type.IsArray) return CanHoldLayers(type.GetElementType()!);
        if ((GenericArguments(type, typeof(IDictionary<,>)) ?? GenericArguments(type, typeof(IReadOnlyDictionary<,>))) is { } pair)
            return CanHoldLayers(pair[1]);
        if (typeof(IDictionary).IsAssignableFrom(type)) return true;
        if (GenericArguments(type, typeof(IEnumerable<>)) is { } item) return CanHoldLayers(item[0]);
        return type == typeof(IEnumerable) || type == typeof(ICollection) || type == typeof(IList);
    }

    static Type[]? GenericArguments(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition) return type.GetGenericArguments();
        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
    }

    // Auto-property backing fields are named <Name>k__BackingField and captured primary-constructor parameters <name>P:
    // the attributes of the property count.
    static MemberInfo Member(FieldInfo field)
    {
        if (!field.Name.StartsWith('<')) return field;
        var name = field.Name[1..field.Name.IndexOf('>')];
        return field.DeclaringType!.GetProperty(name, Declared) as MemberInfo ?? field;
    }

    static bool IsUntracked(FieldInfo field) =>
        field.IsDefined(typeof(DoNotTrackAttribute)) || Member(field).IsDefined(typeof(DoNotTrackAttribute));

    /// <summary>The Python attribute name of a field: its <see cref="TrackedAsAttribute"/>, else its member name in snake_case.</summary>
    public static string AttributeName(FieldInfo field)
    {
        var named = field.GetCustomAttribute<TrackedAsAttribute>() ?? Member(field).GetCustomAttribute<TrackedAsAttribute>();
        if (named is not null) return named.Name;
        var name = field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>')] : field.Name;
        var underscore = name.StartsWith('_') ? "_" : "";
        return underscore + Backend.Naming.ToSnakeCase(name.TrimStart('_'));
    }
}
