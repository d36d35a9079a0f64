using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using PureHDF;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras 3's weights file (<c>model.weights.h5</c> inside a <c>.keras</c> archive, or a <c>.weights.h5</c> file): an
/// HDF5 group per object (<see cref="SaveableTree"/>), each with a <c>vars</c> group holding datasets <c>0</c>,
/// <c>1</c>… in the object's variable order and a <c>name</c> attribute.
/// </summary>
internal static class WeightsFile
{
    /// <summary>
    /// The HDF5 content for <paramref name="model"/>'s weights (and its optimizer's state): each layer writes its own
    /// state (<see cref="Layer.SaveOwnVariables"/>) into its group.
    /// </summary>
    public static H5File Build(Model model)
    {
        var file = new H5File();
        foreach (var entry in SaveableTree.Walk(model))
        {
            var vars = new H5Group { Attributes = new() { ["name"] = entry.Name } };
            var store = VariableStore.ForWriting(entry.Path, entry.Describe, vars);
            if (entry.Owner is Layer layer) layer.SaveOwnVariables(store);
            else
                for (var i = 0; i < entry.Variables.Count; i++) store[Key(i)] = entry.Variables[i].Value;
            GroupAt(file, entry.Path)["vars"] = vars;
        }
        return file;
    }

    static string Key(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static H5Group GroupAt(H5Group root, string path)
    {
        var group = root;
        if (path.Length == 0) return group;
        foreach (var part in path.Split('/'))
        {
            if (!group.TryGetValue(part, out var child)) group[part] = child = new H5Group();
            group = child as H5Group ?? throw new InvalidOperationException($"Weights file: '{part}' is both a dataset and a group.");
        }
        return group;
    }

    /// <summary>
    /// Reads <paramref name="file"/> into <paramref name="model"/>: every object's group is found and checked (count,
    /// shapes) and read before any value is assigned, so a bad file leaves the model as it was; then each layer loads
    /// its own state (<see cref="Layer.LoadOwnVariables"/>). A layer that loads its state its own way is checked by
    /// itself: if it fails, every weight is put back as it was.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="file">The open HDF5 file.</param>
    /// <param name="source">The file's name for messages.</param>
    /// <param name="skipMismatch">Skip objects whose variables do not match (Keras's <c>skip_mismatch</c>) instead of failing.</param>
    public static void Load(Model model, IH5Group file, string source, bool skipMismatch)
    {
        var optimizerValues = new List<(Variable Variable, Tensor Value)>();
        var layers = new List<(Layer Layer, VariableStore Store)>();
        var errors = new List<string>();
        try
        {
            foreach (var entry in SaveableTree.Walk(model))
            {
                var problems = new List<string>();
                if (entry.Owner is Layer layer)
                {
                    var store = VariableStore.ForReading(entry.Path, entry.Describe, file.LinkExists(entry.VarsPath) ? file.Group(entry.VarsPath) : null);
                    layers.Add((layer, store));
                    if (!layer.OverridesLoadOwnVariables) Check(entry, layer, store, file, problems);
                    if (problems.Count > 0) layers.RemoveAt(layers.Count - 1);
                }
                else
                {
                    var values = Read(entry, file, problems, out var skipOptimizer);
                    if (skipOptimizer) continue;
                    if (problems.Count == 0) optimizerValues.AddRange(entry.Variables.Zip(values));
                }
                if (problems.Count == 0) continue;
                if (skipMismatch) Console.Error.WriteLine($"Warning: skipping {entry.Describe} while loading {source}: {problems[0]}");
                else errors.AddRange(problems);
            }
            if (errors.Count > 0)
                throw new InvalidOperationException(
                    $"Cannot load the weights of model '{model.Name}' from {source}: {errors.Count} problem(s). " +
                    string.Join(" ", errors.Take(5)) + (errors.Count > 5 ? $" … and {errors.Count - 5} more." : ""));
            Assign(model, layers, optimizerValues, source, skipMismatch);
        }
        finally
        {
            foreach (var (_, store) in layers) store.Release();
            foreach (var (_, value) in optimizerValues) value.Dispose();
        }
    }

    // A layer with the default LoadOwnVariables: its group, count and shapes checked, and its values read, now.
    static void Check(SaveableTree.Entry entry, Layer layer, VariableStore store, IH5Group file, List<string> problems)
    {
        if (store.Count == 0 && entry.Variables.Count > 0 && !file.LinkExists(entry.VarsPath))
        {
            problems.Add($"The file has no group '{entry.VarsPath}' for {entry.Describe}, which has {entry.Variables.Count} variable(s) ({Names(entry.Variables)}).{Siblings(file, entry.Path)}");
            return;
        }
        if (layer.CheckOwnVariables(store) is { } problem)
        {
            problems.Add(problem);
            return;
        }
        for (var i = 0; i < entry.Variables.Count; i++) _ = store[Key(i)];
    }

    static void Assign(Model model, List<(Layer Layer, VariableStore Store)> layers, List<(Variable Variable, Tensor Value)> optimizerValues,
                       string source, bool skipMismatch)
    {
        // A custom LoadOwnVariables checks for itself: keep the weights to put them back if it fails half-way.
        var backup = layers.Any(l => l.Layer.OverridesLoadOwnVariables) ? model.GetWeights() : null;
        try
        {
            foreach (var (layer, store) in layers)
            {
                try
                {
                    layer.LoadOwnVariables(store);
                }
                catch (Exception e) when (e is not OutOfMemoryException && layer.OverridesLoadOwnVariables)
                {
                    var message = $"layer '{layer.Name}' ({layer.ClassName}) could not load its state from group '{store.VarsPath}': {e.Message}";
                    if (!skipMismatch) throw new InvalidOperationException($"Cannot load the weights of model '{model.Name}' from {source}: {message}", e);
                    Console.Error.WriteLine($"Warning: while loading {source}, {message}");
                }
            }
            foreach (var (variable, value) in optimizerValues) variable.Assign(value.to(variable.Value.dtype));
        }
        catch when (backup is not null)
        {
            model.SetWeights(backup);
            throw;
        }
        finally
        {
            foreach (var value in backup ?? []) value.Dispose();
        }
    }

    // The optimizer's variables, checked and read (a mismatch keeps its own state, with a warning, as Keras does).
    static List<Tensor> Read(SaveableTree.Entry entry, IH5Group file, List<string> problems, out bool skipOptimizer)
    {
        skipOptimizer = false;
        var values = new List<Tensor>();
        var expected = entry.Variables;
        if (!file.LinkExists(entry.VarsPath))
        {
            if (expected.Count > 0) skipOptimizer = true;
            return values;
        }
        var group = file.Group(entry.VarsPath);
        var stored = group.Children().Select(c => c.Name).Where(n => int.TryParse(n, out _)).ToList();
        if (stored.Count != expected.Count)
        {
            Console.Error.WriteLine(
                $"Warning: skipping the state of {entry.Describe}: it has {expected.Count} variables whereas '{entry.VarsPath}' holds {stored.Count}.");
            skipOptimizer = true;
            return values;
        }
        for (var i = 0; i < expected.Count; i++)
        {
            var path = $"{entry.VarsPath}/{i}";
            if (!group.LinkExists(Key(i)))
            {
                problems.Add($"The file has no dataset '{path}' for variable '{expected[i].Path}' of {entry.Describe}.");
                continue;
            }
            var dataset = group.Dataset(Key(i));
            var shape = dataset.Space.Dimensions.Select(d => (long)d).ToArray();
            var wanted = expected[i].Value.shape;
            if (!shape.SequenceEqual(wanted))
            {
                problems.Add($"Dataset '{path}' has shape ({string.Join(", ", shape)}) but variable '{expected[i].Path}' of {entry.Describe} " +
                             $"has shape ({string.Join(", ", wanted)}).");
                continue;
            }
            values.Add(ReadTensor(dataset, shape, path));
        }
        if (problems.Count > 0)
        {
            foreach (var v in values) v.Dispose();
            values.Clear();
        }
        return values;
    }

    /// <summary>A dataset's values as a tensor of <paramref name="shape"/>, in the dtype it is stored in.</summary>
    public static Tensor ReadTensor(IH5Dataset dataset, long[] shape, string path)
    {
        var type = dataset.Type;
        Tensor flat = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => tensor(dataset.Read<float[]>()),
            (H5DataTypeClass.FloatingPoint, 8) => tensor(dataset.Read<double[]>()),
            (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned ? tensor(dataset.Read<long[]>()) : tensor(dataset.Read<ulong[]>().Select(v => (long)v).ToArray()),
            (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned ? tensor(dataset.Read<int[]>()) : tensor(dataset.Read<uint[]>().Select(v => (long)v).ToArray()),
            (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned ? tensor(dataset.Read<short[]>()) : tensor(dataset.Read<ushort[]>().Select(v => (int)v).ToArray()),
            (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned ? tensor(dataset.Read<sbyte[]>()) : tensor(dataset.Read<byte[]>()),
            (H5DataTypeClass.Enumerated, 1) => tensor(dataset.Read<byte[]>()), // h5py stores numpy booleans as an enum
            var (cls, size) => throw new InvalidOperationException($"Dataset '{path}' has an unsupported HDF5 type ({cls}, {size} bytes)."),
        };
        return flat.reshape(shape);
    }

    static string Names(IReadOnlyList<Variable> variables) => string.Join(", ", variables.Select(v => $"'{v.Name}'"));

    // Lists what the file holds beside a missing group, to show a renamed or missing layer.
    static string Siblings(IH5Group file, string path)
    {
        var parent = path.Contains('/') ? path[..path.LastIndexOf('/')] : "";
        if (parent.Length > 0 && !file.LinkExists(parent)) return $" The file has no group '{parent}' either.";
        var group = parent.Length == 0 ? file : file.Group(parent);
        var names = group.Children().Select(c => parent.Length == 0 ? c.Name : $"{parent}/{c.Name}").ToList();
        return names.Count == 0 ? "" : $" Groups there: {string.Join(", ", names.Take(20))}{(names.Count > 20 ? ", …" : "")}.";
    }
}
