using Microsoft.ML.KerasStyle.Backend;
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
    /// <summary>The HDF5 content for <paramref name="model"/>'s weights (and its optimizer's state).</summary>
    public static H5File Build(Model model)
    {
        var file = new H5File();
        foreach (var entry in SaveableTree.Walk(model))
        {
            var vars = new H5Group { Attributes = new() { ["name"] = entry.Name } };
            for (var i = 0; i < entry.Variables.Count; i++) vars[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Dataset(entry.Variables[i], entry);
            GroupAt(file, entry.Path)["vars"] = vars;
        }
        return file;
    }

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

    /// <summary>A variable's value as an HDF5 dataset of its dtype (a scalar dataset for a scalar, as Keras writes iterations).</summary>
    static object Dataset(Variable variable, SaveableTree.Entry entry)
    {
        using var scope = NewDisposeScope();
        var value = variable.Value.detach().cpu().contiguous();
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
            // Half-precision values are widened: HDF5 readers (h5py, Keras) assign them back with a cast.
            ScalarType.Float16 or ScalarType.BFloat16 => value.to(ScalarType.Float32).data<float>().ToArray(),
            var other => throw new InvalidOperationException(
                $"Cannot save variable '{variable.Path}' of {entry.Describe}: dtype {other} has no HDF5 form here."),
        };
        if (dims.Length == 0) return ((Array)data).GetValue(0)!;
        return new H5Dataset(data, fileDims: dims);
    }

    /// <summary>
    /// Reads <paramref name="file"/> into <paramref name="model"/>: every object's group is found and checked (count,
    /// shapes) before any value is assigned, so a bad file leaves the model as it was.
    /// </summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="file">The open HDF5 file.</param>
    /// <param name="source">The file's name for messages.</param>
    /// <param name="skipMismatch">Skip objects whose variables do not match (Keras's <c>skip_mismatch</c>) instead of failing.</param>
    public static void Load(Model model, IH5Group file, string source, bool skipMismatch)
    {
        var assignments = new List<(Variable Variable, Tensor Value)>();
        var errors = new List<string>();
        try
        {
            foreach (var entry in SaveableTree.Walk(model))
            {
                var problems = new List<string>();
                var values = Read(entry, file, problems, out var skipOptimizer);
                if (skipOptimizer) continue;
                if (problems.Count == 0) assignments.AddRange(entry.Variables.Zip(values));
                else if (skipMismatch) Console.Error.WriteLine($"Warning: skipping {entry.Describe} while loading {source}: {problems[0]}");
                else errors.AddRange(problems);
            }
            if (errors.Count > 0)
                throw new InvalidOperationException(
                    $"Cannot load the weights of model '{model.Name}' from {source}: {errors.Count} problem(s). " +
                    string.Join(" ", errors.Take(5)) + (errors.Count > 5 ? $" … and {errors.Count - 5} more." : ""));
            foreach (var (variable, value) in assignments) variable.Assign(value.to(variable.Value.dtype));
        }
        finally
        {
            foreach (var (_, value) in assignments) value.Dispose();
        }
    }

    static List<Tensor> Read(SaveableTree.Entry entry, IH5Group file, List<string> problems, out bool skipOptimizer)
    {
        skipOptimizer = false;
        var values = new List<Tensor>();
        var expected = entry.Variables;
        if (!file.LinkExists(entry.VarsPath))
        {
            // Keras reads a missing group as empty: fine for objects without variables, an error otherwise.
            if (expected.Count == 0) return values;
            if (entry.Owner is Optimizer)
            {
                skipOptimizer = true;
                return values;
            }
            problems.Add($"The file has no group '{entry.VarsPath}' for {entry.Describe}, which has {expected.Count} variable(s) ({Names(expected)}).{Siblings(file, entry.Path)}");
            return values;
        }
        var group = file.Group(entry.VarsPath);
        var stored = group.Children().Select(c => c.Name).Where(n => int.TryParse(n, out _)).ToList();
        if (stored.Count != expected.Count)
        {
            if (entry.Owner is Optimizer optimizer)
            {
                // As Keras: an optimizer whose state does not match (another optimizer, or not built) keeps its own.
                Console.Error.WriteLine(
                    $"Warning: skipping the state of optimizer '{optimizer.Name}': it has {expected.Count} variables whereas '{entry.VarsPath}' holds {stored.Count}.");
                skipOptimizer = true;
                return values;
            }
            problems.Add($"{Capitalized(entry.Describe)} expected {expected.Count} variables, but received {stored.Count} variables during loading " +
                         $"(group '{entry.VarsPath}'). Expected: [{Names(expected)}].");
            return values;
        }
        for (var i = 0; i < expected.Count; i++)
        {
            var path = $"{entry.VarsPath}/{i}";
            if (!group.LinkExists(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                problems.Add($"The file has no dataset '{path}' for variable '{expected[i].Path}' of {entry.Describe}.");
                continue;
            }
            var dataset = group.Dataset(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

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
