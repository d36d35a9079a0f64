using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Where each object's variables live in a Keras weights file, found as Keras's <c>_save_state</c> walks a model:
/// the model's own variables in <c>vars</c>; a Sequential's or functional model's layers first, under
/// <c>layers/&lt;snake_case class name&gt;</c> numbered per class (<c>dense</c>, <c>dense_1</c>… — not the layer names);
/// then the other attributes in name order (<c>optimizer</c>, a subclassed model's fields); each object once.
/// </summary>
internal static class SaveableTree
{
    /// <summary>One object's place in the file: group <c>{Path}/vars</c> (root: <c>vars</c>) holds <c>0</c>, <c>1</c>… in order.</summary>
    /// <param name="Path">The group path, empty for the model itself.</param>
    /// <param name="Name">The object's name (written as the group's <c>name</c> attribute, as Keras does).</param>
    /// <param name="Variables">Its own variables, in Keras's order.</param>
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
    public static List<Entry> Walk(Model model)
    {
        var entries = new List<Entry>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Visit(model, "", entries, visited);
        return entries;
    }

    static void Visit(object saveable, string path, List<Entry> entries, HashSet<object> visited)
    {
        if (!visited.Add(saveable)) return;
        switch (saveable)
        {
            case Layer layer:
                entries.Add(new Entry(path, layer.Name, OwnVariables(layer), layer));
                foreach (var (attribute, child) in Children(layer)) VisitChild(child, Join(path, attribute), entries, visited);
                break;
            case Optimizer optimizer:
                entries.Add(new Entry(path, optimizer.Name, optimizer.Variables, optimizer));
                break;
        }
    }

    static void VisitChild(object child, string path, List<Entry> entries, HashSet<object> visited)
    {
        if (child is Layer or Optimizer)
        {
            Visit(child, path, entries, visited);
            return;
        }
        // A container: its saveables are named by class, numbered within the container (Keras's _save_container_state).
        var used = new Dictionary<string, int>();
        foreach (var item in TrackedAttributes.Items(child))
        {
            if (item is not Layer layer) continue;
            var name = Backend.Naming.ToSnakeCase(layer.ClassName);
            if (used.TryGetValue(name, out var count))
            {
                used[name] = count + 1;
                name = $"{name}_{count + 1}";
            }
            else used[name] = 0;
            Visit(layer, Join(path, name), entries, visited);
        }
    }

    /// <summary>A layer's own variables (trainable first, as Keras's <c>save_own_variables</c>), without its sublayers'.</summary>
    static List<Variable> OwnVariables(Layer layer)
    {
        var inner = new HashSet<Variable>(layer.Sublayers.SelectMany(l => l.Weights));
        return layer.Weights.Where(w => !inner.Contains(w)).ToList();
    }

    static IEnumerable<(string Attribute, object Child)> Children(Layer layer)
    {
        var attributes = new List<(string, object)>();
        if (layer is Model model)
        {
            if (TrackedAttributes.ListsLayersFirst(model)) yield return ("layers", model.Layers);
            else attributes.Add(("layers", model.Layers));
            if (model.Optimizer is { } optimizer) attributes.Add(("optimizer", optimizer));
        }
        attributes.AddRange(TrackedAttributes.Of(layer));
        // Keras visits attributes in name order, private ones (leading underscore) last.
        foreach (var attribute in attributes.OrderBy(a => a.Item1.StartsWith('_') ? "~" + a.Item1 : a.Item1, StringComparer.Ordinal))
            yield return attribute;
    }

    static string Join(string path, string name) => path.Length == 0 ? name : $"{path}/{name}";
}
