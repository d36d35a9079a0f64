using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Where each object's state lives in a Keras file, found as Keras's <c>_save_state</c> walks a model: an object's own
/// variables in <c>{path}/vars</c> (the model's in <c>vars</c>), then its children at <c>{path}/{attribute}</c> —
/// a Sequential's or functional model's <c>layers</c> first, then the other attributes in name order, private ones
/// (leading underscore) last: a model's <c>layers</c> and <c>optimizer</c>, and every attribute the sublayer tracker
/// (<see cref="LayerTracking"/>) finds, for library and user classes alike, so a composite layer's sublayers are saved
/// under it. A container's layers are named by class, numbered within the container (<c>dense</c>, <c>dense_1</c>…),
/// nested containers <c>container</c>, <c>container_1</c>…; each object once, at the first path that reaches it.
/// </summary>
internal static class SaveableTree
{
    /// <summary>One object's place in the file: group <c>{Path}/vars</c> (root: <c>vars</c>) holds <c>0</c>, <c>1</c>… in order.</summary>
    /// <param name="Path">The group path, empty for the model itself.</param>
    /// <param name="Name">The object's name (written as the group's <c>name</c> attribute, as Keras does).</param>
    /// <param name="Variables">Its own variables, in Keras's order (trainable first).</param>
    /// <param name="Owner">The layer or optimizer.</param>
    public sealed record Entry(string Path, string Name, IReadOnlyList<Variable> Variables, object Owner)
    {
        /// <summary>The group holding the variables.</summary>
        public string VarsPath => Path.Length == 0 ? "vars" : $"{Path}/vars";

        /// <summary>How messages name the owner.</summary>
        public string Describe => Owner switch
        {
            Layer l => $"layer '{l.Name}' ({l.ClassName})",
            Optimizer o => $"optimizer '{o.Name}' ({o.GetType().Name})",
            _ => Name,
        };
    }

    /// <summary>Every saveable object of <paramref name="model"/> (its optimizer included, when compiled), in Keras's order.</summary>
    public static List<Entry> Walk(Layer model)
    {
        var walk = new Walker();
        walk.Visit(model, "");
        return walk.Entries;
    }

    sealed class Walker
    {
        public readonly List<Entry> Entries = [];
        readonly HashSet<object> visited = new(ReferenceEqualityComparer.Instance);
        readonly HashSet<object> visitedContainers = new(ReferenceEqualityComparer.Instance);
        readonly Dictionary<string, Entry> byPath = [];

        public void Visit(object saveable, string path)
        {
            if (!visited.Add(saveable)) return;
            switch (saveable)
            {
                case Layer layer:
                    Add(new Entry(path, layer.Name, layer.OwnVariables, layer));
                    foreach (var (attribute, child) in Children(layer)) VisitChild(child, Join(path, attribute));
                    break;
                case Optimizer optimizer:
                    Add(new Entry(path, optimizer.Name, optimizer.Variables, optimizer));
                    break;
            }
        }

        void Add(Entry entry)
        {
            // Two attributes with one Python name (a field hiding a base class's) would write one group twice.
            if (byPath.TryGetValue(entry.Path, out var other))
                throw new InvalidOperationException(
                    $"Cannot save: {other.Describe} and {entry.Describe} would both be saved at '{entry.Path}' (two attributes with the same name). " +
                    "Rename one of the fields, or name its Python attribute with [TrackedAs(\"…\")].");
            byPath[entry.Path] = entry;
            Entries.Add(entry);
        }

        void VisitChild(object child, string path)
        {
            if (child is Layer or Optimizer) Visit(child, path);
            else if (LayerTracking.IsContainer(child)) VisitContainer(child, path);
        }

        // Keras's _save_container_state: items named by class (not by their names, which vary between runs).
        void VisitContainer(object container, string path)
        {
            if (!visitedContainers.Add(container)) return;
            var used = new Dictionary<string, int>();
            foreach (var item in LayerTracking.Items(container))
            {
                if (item is Layer layer) Visit(layer, Join(path, UniqueName(Backend.Naming.ToSnakeCase(layer.ClassName), used)));
                else if (item is not null && LayerTracking.IsContainer(item)) VisitContainer(item, Join(path, UniqueName("container", used)));
            }
        }
    }

    static string UniqueName(string name, Dictionary<string, int> used)
    {
        if (used.TryGetValue(name, out var count))
        {
            used[name] = count + 1;
            return $"{name}_{count + 1}";
        }
        used[name] = 0;
        return name;
    }

    static IEnumerable<(string Attribute, object Child)> Children(Layer layer)
    {
        var attributes = new List<(string, object)>();
        if (layer is Model model)
        {
            if (ListsLayersFirst(model)) yield return ("layers", model.Layers);
            else attributes.Add(("layers", model.Layers));
            if (model.Optimizer is { } optimizer) attributes.Add(("optimizer", optimizer));
        }
        attributes.AddRange(LayerTracking.Attributes(layer));
        // Keras visits attributes in name order, private ones (leading underscore) last.
        foreach (var attribute in attributes.OrderBy(a => a.Item1.StartsWith('_') ? "~" + a.Item1 : a.Item1, StringComparer.Ordinal))
            yield return attribute;
    }

    /// <summary>True for models whose layers Keras lists first under <c>layers</c> (Sequential and functional).</summary>
    static bool ListsLayersFirst(Layer layer) => layer is Sequential || layer is Model { IsFunctional: true };

    static string Join(string path, string name) => path.Length == 0 ? name : $"{path}/{name}";
}
