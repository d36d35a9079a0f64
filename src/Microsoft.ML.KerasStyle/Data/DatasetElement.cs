using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// One element of a <see cref="Dataset"/>: its components in order, each a tensor or a group of tensors (a nested
/// element, e.g. a dictionary of model inputs), optionally named. <c>(images, labels)</c> gives two tensor components;
/// a dictionary gives named components; <c>(inputsByName, targetsByName)</c> gives two named groups.
/// Deconstructs into tensors: <c>var (x, y) = element;</c>.
/// </summary>
/// <remarks>
/// While a <see cref="Dataset"/> is enumerated, the element's tensors belong to the step: they are disposed when the
/// next element is requested. Call <c>DetachFromDisposeScope()</c> on a tensor to keep it longer.
/// </remarks>
public sealed class DatasetElement
{
    readonly Component[] components;
    IReadOnlyList<Tensor>? tensors;

    /// <summary>An element of tensors by position, e.g. <c>new DatasetElement(image, label)</c>.</summary>
    /// <param name="components">The tensors, in order.</param>
    public DatasetElement(params Tensor[] components)
        : this(components.Select((t, i) => Component.Leaf(null, t ?? throw new ArgumentNullException(nameof(components), $"DatasetElement: component {i} is null.")))) { }

    /// <summary>An element of tensors by name, e.g. <c>new DatasetElement(new Dictionary&lt;string, Tensor&gt; { ["title"] = t })</c>.</summary>
    /// <param name="components">The tensors by name, in the dictionary's order.</param>
    public DatasetElement(IReadOnlyDictionary<string, Tensor> components)
        : this(components.Select(kv => Component.Leaf(kv.Key, kv.Value ?? throw new ArgumentNullException(nameof(components), $"DatasetElement: component '{kv.Key}' is null.")))) { }

    internal DatasetElement(IEnumerable<Component> components)
    {
        this.components = components.ToArray();
        var names = this.components.Select(c => c.Name).Where(n => n is not null).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"DatasetElement: the name '{duplicate.Key}' is used by several components.");
    }

    /// <summary>
    /// An element from a structure: a <see cref="Tensor"/> (one component), a tuple (components by position), a
    /// dictionary with string keys (components by name), a <c>Tensor[]</c> (by position) or another element; tuples,
    /// dictionaries and elements inside become groups. .NET arrays are converted to tensors.
    /// </summary>
    /// <param name="structure">The structure, e.g. <c>(inputsByName, targets)</c>.</param>
    public static DatasetElement From(object structure)
    {
        var parsed = ElementStructure.Parse(structure, "structure");
        return parsed.Group ?? new DatasetElement([parsed]);
    }

    /// <summary>Number of components.</summary>
    public int Count => components.Length;

    /// <summary>The component names in order (null where a component has no name).</summary>
    public IReadOnlyList<string?> Names => components.Select(c => c.Name).ToList();

    /// <summary>True when every component has a name (a dictionary).</summary>
    public bool IsNamed => components.Length > 0 && components.All(c => c.Name is not null);

    /// <summary>The tensor component at <paramref name="index"/>; a group is an error (use <see cref="Group(int)"/>).</summary>
    public Tensor this[int index] => LeafAt(CheckIndex(index), Label(index));

    /// <summary>The tensor component named <paramref name="name"/>; a group is an error (use <see cref="Group(string)"/>).</summary>
    public Tensor this[string name] => LeafAt(IndexOf(name), $"'{name}'");

    /// <summary>True when the component at <paramref name="index"/> is a group rather than a tensor.</summary>
    public bool IsGroup(int index) => components[CheckIndex(index)].Group is not null;

    /// <summary>The group (nested element) at <paramref name="index"/>, e.g. the inputs by name of <c>(inputs, targets)</c>.</summary>
    public DatasetElement Group(int index) => GroupAt(CheckIndex(index), Label(index));

    /// <summary>The group (nested element) named <paramref name="name"/>.</summary>
    public DatasetElement Group(string name) => GroupAt(IndexOf(name), $"'{name}'");

    /// <summary>Every tensor of the element, groups included, depth first.</summary>
    public IReadOnlyList<Tensor> Tensors => tensors ??= components.SelectMany(c => c.Group?.Tensors ?? [c.Tensor!]).ToList();

    /// <summary>Two tensor components: <c>var (x, y) = element;</c>.</summary>
    public void Deconstruct(out Tensor first, out Tensor second)
    {
        ExpectCount(2);
        (first, second) = (this[0], this[1]);
    }

    /// <summary>Three tensor components: <c>var (x, y, sampleWeight) = element;</c>.</summary>
    public void Deconstruct(out Tensor first, out Tensor second, out Tensor third)
    {
        ExpectCount(3);
        (first, second, third) = (this[0], this[1], this[2]);
    }

    /// <summary>The tensor components as model inputs (names kept), e.g. <c>model.Apply(element.Group(0))</c>.</summary>
    public Inputs ToInputs()
    {
        var inputs = new Inputs();
        for (var i = 0; i < Count; i++)
        {
            var t = this[i];
            if (components[i].Name is { } n) inputs[n] = t;
            else inputs.Add(t);
        }
        return inputs;
    }

    /// <summary>The tensor components as targets or outputs (names kept).</summary>
    public Outputs ToOutputs()
    {
        var outputs = new Outputs();
        for (var i = 0; i < Count; i++)
        {
            var t = this[i];
            if (components[i].Name is { } n) outputs[n] = t;
            else outputs.Add(t);
        }
        return outputs;
    }

    /// <summary>One tensor component.</summary>
    public static implicit operator DatasetElement(Tensor tensor) => new(tensor);

    /// <summary>Two tensor components, e.g. <c>(x / 255f, y)</c> returned from a map function.</summary>
    public static implicit operator DatasetElement((Tensor First, Tensor Second) components) => new(components.First, components.Second);

    /// <summary>Three tensor components.</summary>
    public static implicit operator DatasetElement((Tensor First, Tensor Second, Tensor Third) components) => new(components.First, components.Second, components.Third);

    /// <summary>Tensor components by name.</summary>
    public static implicit operator DatasetElement(Dictionary<string, Tensor> components) => new((IReadOnlyDictionary<string, Tensor>)components);

    /// <summary>The tensor components as model inputs (see <see cref="ToInputs"/>).</summary>
    public static implicit operator Inputs(DatasetElement element) => element.ToInputs();

    /// <summary>The tensor components as targets (see <see cref="ToOutputs"/>).</summary>
    public static implicit operator Outputs(DatasetElement element) => element.ToOutputs();

    /// <summary>The structure with dtypes and shapes, e.g. <c>(float32[28, 28], int64[])</c>.</summary>
    public override string ToString() => Describe(t => $"{Dtypes.ToName(t.dtype)}[{string.Join(", ", t.shape)}]");

    internal IReadOnlyList<Component> Components => components;

    /// <summary>The same structure with every tensor replaced by <paramref name="map"/>'s result.</summary>
    internal DatasetElement MapTensors(Func<Tensor, Tensor> map) =>
        new(components.Select(c => c.Group is { } g ? Component.Nested(c.Name, g.MapTensors(map)) : Component.Leaf(c.Name, map(c.Tensor!))));

    /// <summary>The structure alone (names, nesting, ranks), to check that elements can be batched or zipped together.</summary>
    internal string Signature => Describe(t => $"rank {t.dim()}");

    /// <summary>How a component is called in messages: its name, or its position.</summary>
    internal string Label(int index) => components[index].Name is { } n ? $"'{n}'" : index.ToString();

    /// <summary>Stacks elements of one structure along a new first axis (what <c>Batch</c> yields).</summary>
    internal static DatasetElement Stack(IReadOnlyList<DatasetElement> elements, string caller)
    {
        var first = elements[0];
        for (var i = 1; i < elements.Count; i++)
            if (elements[i].Signature != first.Signature)
                throw new InvalidOperationException($"{caller}: elements have different structures: {first} and {elements[i]}.");
        return new DatasetElement(first.components.Select((c, k) =>
            c.Group is not null
                ? Component.Nested(c.Name, Stack(elements.Select(e => e.components[k].Group!).ToList(), caller))
                : Component.Leaf(c.Name, StackLeaves(elements.Select(e => e.components[k].Tensor!).ToList(), first.Label(k), caller))));
    }

    static Tensor StackLeaves(List<Tensor> leaves, string label, string caller)
    {
        var shape = leaves[0].shape;
        foreach (var t in leaves)
            if (!t.shape.SequenceEqual(shape))
                throw new InvalidOperationException(
                    $"{caller}: component {label} has shape [{string.Join(", ", shape)}] in one element and [{string.Join(", ", t.shape)}] in another; " +
                    "elements batched together need equal shapes (pad them in a map function, or batch 1 at a time).");
        return stack(leaves, 0);
    }

    string Describe(Func<Tensor, string> leaf)
    {
        var named = IsNamed;
        var parts = components.Select(c => (c.Name is { } n ? n + ": " : "") + (c.Group?.Describe(leaf) ?? leaf(c.Tensor!)));
        return named ? "{" + string.Join(", ", parts) + "}" : "(" + string.Join(", ", parts) + ")";
    }

    int CheckIndex(int index) => index >= 0 && index < Count
        ? index
        : throw new ArgumentOutOfRangeException(nameof(index), $"DatasetElement has {Count} component(s) {this}; index {index} is out of range.");

    int IndexOf(string name)
    {
        var i = Array.FindIndex(components, c => c.Name == name);
        if (i >= 0) return i;
        var inGroups = components.Select((c, k) => (c, k)).Where(p => p.c.Group?.Names.Contains(name) == true).Select(p => $"Group({p.c.Name switch { { } n => $"\"{n}\"", null => p.k.ToString() }})[\"{name}\"]").ToList();
        throw new KeyNotFoundException(
            $"DatasetElement has no component named '{name}'. Names present: [{string.Join(", ", components.Select(c => c.Name is null ? "(unnamed)" : $"'{c.Name}'"))}]." +
            (inGroups.Count > 0 ? $" It is inside a group: use element.{inGroups[0]}." : ""));
    }

    Tensor LeafAt(int index, string label) => components[index].Tensor
        ?? throw new InvalidOperationException(
            $"Component {label} of this element is a group {components[index].Group}, not a tensor: read it with element.Group({GroupArgument(index)}) " +
            "(it converts to Inputs or Outputs, and indexes by name).");

    DatasetElement GroupAt(int index, string label) => components[index].Group
        ?? throw new InvalidOperationException($"Component {label} of this element is a tensor, not a group: read it with element[{GroupArgument(index)}].");

    string GroupArgument(int index) => components[index].Name is { } n ? $"\"{n}\"" : index.ToString();

    void ExpectCount(int n)
    {
        if (Count != n)
            throw new InvalidOperationException($"Cannot deconstruct an element of {Count} component(s) {this} into {n} variables.");
    }

    /// <summary>A component: a tensor or a group, with an optional name.</summary>
    internal readonly record struct Component(string? Name, Tensor? Tensor, DatasetElement? Group)
    {
        public static Component Leaf(string? name, Tensor tensor) => new(name, tensor, null);

        public static Component Nested(string? name, DatasetElement group) => new(name, null, group);
    }
}
