using System.Globalization;
using PureHDF;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// The variables of one layer in a Keras weights file (Keras's <c>H5Entry</c>, the <c>store</c> that
/// <see cref="Layers.Layer.SaveOwnVariables"/> and <see cref="Layers.Layer.LoadOwnVariables"/> receive): values under
/// keys <c>"0"</c>, <c>"1"</c>… in the group <c>{Path}/vars</c>. A store is either being written (saving) or read
/// (loading). The tensors it returns while loading belong to it and are freed when loading ends: assign them
/// (<see cref="Variable.Assign(Tensor)"/> copies) rather than keep them.
/// </summary>
public sealed class VariableStore
{
    readonly H5Group? written;
    readonly IH5Group? read;
    readonly List<string> keys;
    readonly Dictionary<string, Tensor> loaded = [];

    VariableStore(string path, string owner, H5Group? written, IH5Group? read, List<string> keys)
    {
        Path = path;
        Owner = owner;
        this.written = written;
        this.read = read;
        this.keys = keys;
    }

    /// <summary>A store being written into <paramref name="group"/> (the object's <c>vars</c> group).</summary>
    internal static VariableStore ForWriting(string path, string owner, H5Group group) => new(path, owner, group, null, []);

    /// <summary>A store reading <paramref name="group"/>, or an empty one when the file has no such group.</summary>
    internal static VariableStore ForReading(string path, string owner, IH5Group? group) =>
        new(path, owner, null, group, group is null ? [] : SortedKeys(group.Children().Select(c => c.Name)));

    /// <summary>The object's path in the file (empty for the model itself), e.g. <c>layers/dense</c>.</summary>
    public string Path { get; }

    /// <summary>The group holding the values.</summary>
    public string VarsPath => Path.Length == 0 ? "vars" : $"{Path}/vars";

    internal string Owner { get; }

    /// <summary>The keys stored (loading) or written so far (saving), numbers in numeric order.</summary>
    public IReadOnlyList<string> Keys => keys;

    /// <summary>Number of values.</summary>
    public int Count => keys.Count;

    /// <summary>Whether a value is stored under <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => keys.Contains(key);

    /// <summary>
    /// Loading: the value stored under <paramref name="key"/>, in the dtype it is stored in. Saving: writes a copy of a
    /// tensor's value (its dtype kept; half precision widened to float32, as HDF5 readers assign it back with a cast).
    /// </summary>
    public Tensor this[string key]
    {
        get
        {
            if (read is null)
                throw new InvalidOperationException($"The variable store of {Owner} is being written; it has no values to read.");
            if (loaded.TryGetValue(key, out var value)) return value;
            if (!keys.Contains(key))
                throw new InvalidOperationException($"The file has no dataset '{VarsPath}/{key}' for {Owner} (it holds: {string.Join(", ", keys)}).");
            value = WeightsFile.ReadTensor(read.Dataset(key), Shape(key), $"{VarsPath}/{key}");
            loaded[key] = value;
            return value;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (written is null)
                throw new InvalidOperationException($"The variable store of {Owner} is being read; values cannot be written into it.");
            if (string.IsNullOrEmpty(key) || key.Contains('/'))
                throw new ArgumentException($"Variable store keys must be non-empty and cannot contain '/', received '{key}'.", nameof(key));
            written[key] = Dataset(value, $"{VarsPath}/{key}", Owner);
            if (!keys.Contains(key)) keys.Add(key);
        }
    }

    /// <summary>The shape of the value under <paramref name="key"/> (loading), without reading it.</summary>
    internal long[] Shape(string key) => read!.Dataset(key).Space.Dimensions.Select(d => (long)d).ToArray();

    /// <summary>Frees the tensors read.</summary>
    internal void Release()
    {
        foreach (var value in loaded.Values) value.Dispose();
        loaded.Clear();
    }

    static List<string> SortedKeys(IEnumerable<string> names) =>
        names.OrderBy(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
             .ThenBy(n => n, StringComparer.Ordinal)
             .ToList();

    /// <summary>A tensor's value as an HDF5 dataset of its dtype (a scalar dataset for a scalar, as Keras writes iterations).</summary>
    static object Dataset(Tensor tensor, string path, string owner)
    {
        using var scope = NewDisposeScope();
        var value = tensor.detach().cpu().contiguous();
        var dims = value.shape.Select(d => (ulong)d).ToArray();
        object data = value.dtype switch
        {
            ScalarType.Float32 => value.data<float>().ToArray(),
            ScalarType.Float64 => value.data<double>().ToArray(),
            ScalarType.Int64 => value.data<long>().ToArray(),
            ScalarType.Int32 => value.data<int>().ToArray(),
            ScalarType.Int16 => value.data<short>().ToArray(),
            ScalarType.Int8 => value.data<sbyte>().ToArray(),
            ScalarType.Byte => value.data<byte>().ToArray(),
            ScalarType.Bool => value.data<bool>().ToArray(),
            ScalarType.Float16 or ScalarType.BFloat16 => value.to(ScalarType.Float32).data<float>().ToArray(),
            var other => throw new InvalidOperationException($"Cannot save '{path}' of {owner}: dtype {other} has no HDF5 form here."),
        };
        if (dims.Length == 0) return ((Array)data).GetValue(0)!;
        return new H5Dataset(data, fileDims: dims);
    }
}
