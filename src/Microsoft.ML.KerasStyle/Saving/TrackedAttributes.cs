using System.Collections;
using System.Reflection;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The attributes of a custom layer or subclassed model that hold layers (fields, auto-properties, lists,
/// dictionaries), named as Python would name them (<c>mixingLayer</c> → <c>mixing_layer</c>): Keras files address a
/// subclassed model's sublayers by attribute name. Follows the library's layer tracking (declared fields, base class
/// first, <see cref="DoNotTrackAttribute"/> honoured).
/// </summary>
internal static class TrackedAttributes
{
    const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>(attribute name, value) for each tracked field holding a layer or a collection of layers.</summary>
    public static IEnumerable<(string Name, object Value)> Of(Layer owner)
    {
        var chain = new List<Type>();
        for (var t = owner.GetType(); t is not null && ObjectRegistry.IsBuiltIn(t) == false; t = t.BaseType) chain.Insert(0, t);
        foreach (var field in chain.SelectMany(t => t.GetFields(Declared).OrderBy(f => f.MetadataToken)))
        {
            if (field.IsDefined(typeof(DoNotTrackAttribute)) || IsUntrackedBackingField(field)) continue;
            var value = field.GetValue(owner);
            if (value is Layer layer && !ReferenceEquals(layer, owner)) yield return (AttributeName(field), layer);
            else if (value is IEnumerable items and not string && HoldsLayers(items)) yield return (AttributeName(field), value);
        }
    }

    static bool HoldsLayers(IEnumerable items) =>
        (items is IDictionary d ? d.Values.Cast<object?>() : items.Cast<object?>()).Any(i => i is Layer);

    /// <summary>The items of a tracked collection (a dictionary's values), as Keras walks containers.</summary>
    public static IEnumerable<object?> Items(object container) =>
        container is IDictionary d ? d.Values.Cast<object?>() : ((IEnumerable)container).Cast<object?>();

    static string AttributeName(FieldInfo field)
    {
        var name = field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>')] : field.Name;
        var underscore = name.StartsWith('_') ? "_" : "";
        return underscore + Backend.Naming.ToSnakeCase(name.TrimStart('_'));
    }

    static bool IsUntrackedBackingField(FieldInfo field)
    {
        if (!field.Name.StartsWith('<')) return false;
        var property = field.DeclaringType!.GetProperty(field.Name[1..field.Name.IndexOf('>')], Declared);
        return property?.IsDefined(typeof(DoNotTrackAttribute)) == true;
    }

    /// <summary>True for models whose layers Keras lists first under <c>layers</c> (Sequential and functional).</summary>
    public static bool ListsLayersFirst(Layer layer) => layer is Sequential || layer is Model { IsFunctional: true };
}
