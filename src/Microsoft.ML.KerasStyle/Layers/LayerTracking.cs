using System.Collections;
using System.Reflection;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Finds the sublayers a layer or subclassed model holds in its fields, auto-properties, arrays, lists and dictionaries
/// (as Keras tracks attributes), in declaration order, base class first — no registration call needed.
/// </summary>
internal static class LayerTracking
{
    const BindingFlags Fields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    static readonly Dictionary<Type, FieldInfo[]> Cache = new();
    static readonly Lock Gate = new();

    public static List<Layer> FindSublayers(Layer owner)
    {
        var found = new List<Layer>();
        foreach (var field in TrackedFields(owner.GetType()))
            Collect(field.GetValue(owner), owner, found);
        return found;
    }

    static void Collect(object? value, Layer owner, List<Layer> found)
    {
        switch (value)
        {
            case null or string:
                return;
            case Layer layer:
                if (!ReferenceEquals(layer, owner) && !found.Contains(layer)) found.Add(layer);
                return;
            case IDictionary dictionary:
                foreach (var item in dictionary.Values) Collect(item, owner, found);
                return;
            case IEnumerable items when IsLayerCollection(value.GetType()):
                foreach (var item in items) Collect(item, owner, found);
                return;
        }
    }

    static bool IsLayerCollection(Type type) =>
        type.IsArray ? typeof(Layer).IsAssignableFrom(type.GetElementType()) || type.GetElementType() == typeof(object)
                     : type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                                                     && (typeof(Layer).IsAssignableFrom(i.GetGenericArguments()[0]) || i.GetGenericArguments()[0] == typeof(object)));

    static FieldInfo[] TrackedFields(Type type)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(type, out var cached)) return cached;
            var chain = new List<Type>();
            for (var t = type; t is not null && t != typeof(Layer) && t != typeof(Model) && t != typeof(Sequential); t = t.BaseType)
                chain.Insert(0, t);
            var fields = chain
                .SelectMany(t => t.GetFields(Fields).OrderBy(f => f.MetadataToken))
                .Where(f => !f.IsDefined(typeof(DoNotTrackAttribute)) && !BackingFieldOfUntracked(f))
                .Where(f => CanHoldLayers(f.FieldType))
                .ToArray();
            Cache[type] = fields;
            return fields;
        }
    }

    static bool CanHoldLayers(Type t) =>
        typeof(Layer).IsAssignableFrom(t) || t == typeof(object) || typeof(IDictionary).IsAssignableFrom(t)
        || (typeof(IEnumerable).IsAssignableFrom(t) && t != typeof(string) && (IsLayerCollection(t) || t.IsInterface));

    static bool BackingFieldOfUntracked(FieldInfo field)
    {
        // Auto-property backing fields are named <Name>k__BackingField; honour [DoNotTrack] on the property.
        if (!field.Name.StartsWith('<')) return false;
        var propertyName = field.Name[1..field.Name.IndexOf('>')];
        var property = field.DeclaringType!.GetProperty(propertyName, Fields);
        return property?.IsDefined(typeof(DoNotTrackAttribute)) == true;
    }
}
