using System.Collections;
using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// Data for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>: one tensor or .NET array (any rank: <c>float[,]</c>,
/// <c>byte[,,]</c>, <c>int[]</c>…), several in input/output order (<c>[a, b]</c>), or several by input/output name
/// (<c>new() { ["title"] = titleData, ["tags"] = tagsData }</c>).
/// </summary>
public sealed class ModelData : IEnumerable<object>
{
    readonly List<(string? Name, object Value)> entries = [];

    /// <summary>Number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>True when the data was given by name.</summary>
    public bool IsNamed => entries.Count > 0 && entries.All(e => e.Name is not null);

    /// <summary>The entry named <paramref name="name"/> (a tensor or an array); setting adds or replaces it.</summary>
    public object this[string name]
    {
        get => entries.FirstOrDefault(e => e.Name == name).Value
            ?? throw new KeyNotFoundException($"No data named '{name}'. Names present: [{string.Join(", ", entries.Select(e => $"'{e.Name}'"))}].");
        set
        {
            var i = entries.FindIndex(e => e.Name == name);
            if (i >= 0) entries[i] = (name, value);
            else entries.Add((name, value));
        }
    }

    /// <summary>The names of the entries (null for entries added by position).</summary>
    public IReadOnlyList<string?> Names => entries.Select(e => e.Name).ToList();

    /// <summary>The only entry; a clear error when there are several.</summary>
    internal object Single() => entries.Count == 1 ? entries[0].Value : throw new ArgumentException($"Expected one array or tensor, received {entries.Count}.");

    /// <summary>Adds a tensor or an array by position.</summary>
    public void Add(object value) => entries.Add((null, value));

    /// <inheritdoc/>
    public IEnumerator<object> GetEnumerator() => entries.Select(e => e.Value).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One tensor.</summary>
    public static implicit operator ModelData(Tensor tensor) => new() { tensor };

    /// <summary>One .NET array of any rank.</summary>
    public static implicit operator ModelData(Array array) => new() { array };

    /// <summary>Tensors in order.</summary>
    public static implicit operator ModelData(Tensor[] tensors)
    {
        var data = new ModelData();
        foreach (var t in tensors) data.Add(t);
        return data;
    }

    /// <summary>Tensors in order.</summary>
    public static implicit operator ModelData(List<Tensor> tensors) => tensors.ToArray();

    /// <summary>Tensors by name.</summary>
    public static implicit operator ModelData(Dictionary<string, Tensor> tensors)
    {
        var data = new ModelData();
        foreach (var (name, t) in tensors) data[name] = t;
        return data;
    }

    /// <summary>Arrays by name.</summary>
    public static implicit operator ModelData(Dictionary<string, Array> arrays)
    {
        var data = new ModelData();
        foreach (var (name, a) in arrays) data[name] = a;
        return data;
    }

    /// <summary>The tensors of a model call (by position or by name).</summary>
    public static implicit operator ModelData(Inputs inputs)
    {
        var data = new ModelData();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs.Names[i] is { } n) data[n] = inputs[i];
            else data.Add(inputs[i]);
        }
        return data;
    }

    /// <summary>
    /// The tensors in the order of <paramref name="names"/> (matched by name when the data is named), checking count
    /// and names; <paramref name="argument"/> and <paramref name="kind"/> ("input"/"output") name them in errors.
    /// </summary>
    internal List<Tensor> Resolve(IReadOnlyList<string> names, string argument, string kind)
    {
        if (IsNamed)
        {
            var missing = names.Where(n => entries.All(e => e.Name != n)).ToList();
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"'{argument}' is missing {kind}(s) [{string.Join(", ", missing.Select(m => $"'{m}'"))}]. " +
                    $"Expected {kind} names: [{string.Join(", ", names.Select(n => $"'{n}'"))}]; received: [{string.Join(", ", entries.Select(e => $"'{e.Name}'"))}].", argument);
            var unknown = entries.Where(e => !names.Contains(e.Name!)).Select(e => e.Name).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"'{argument}' has unknown {kind} name(s) [{string.Join(", ", unknown.Select(u => $"'{u}'"))}]. " +
                    $"Expected {kind} names: [{string.Join(", ", names.Select(n => $"'{n}'"))}].", argument);
            return names.Select(n => TensorConversions.ToTensor(this[n], $"{argument}[\"{n}\"]")).ToList();
        }
        if (entries.Count != names.Count)
            throw new ArgumentException(
                $"'{argument}' has {entries.Count} {kind}(s) but the model expects {names.Count}: [{string.Join(", ", names.Select(n => $"'{n}'"))}].", argument);
        return entries.Select((e, i) => TensorConversions.ToTensor(e.Value, names.Count == 1 ? argument : $"{argument}[{i}]")).ToList();
    }
}
