using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// Real tensors in order, optionally named: what <see cref="Inputs"/> and <see cref="Outputs"/> share. Built with a
/// collection expression (<c>[a, b]</c>) or a dictionary initializer (<c>new() { ["title"] = t }</c>).
/// </summary>
public abstract class TensorStructure : IEnumerable<Tensor>
{
    readonly List<Tensor> values = [];
    readonly List<string?> names = [];

    /// <summary>Number of tensors.</summary>
    public int Count => values.Count;

    /// <summary>The names given to the tensors, in order (<c>null</c> where a tensor was added by position).</summary>
    public IReadOnlyList<string?> Names => names;

    /// <summary>True when tensors were given by name (a dictionary).</summary>
    public bool IsNamed => names.Count > 0 && names.All(n => n is not null);

    /// <summary>The tensor at <paramref name="index"/>.</summary>
    public Tensor this[int index] => values[index];

    /// <summary>The tensor named <paramref name="name"/>; setting adds or replaces it.</summary>
    public Tensor this[string name]
    {
        get => TryGet(name, out var t)
            ? t
            : throw new KeyNotFoundException($"No tensor named '{name}'. Names present: [{string.Join(", ", names.Select(n => $"'{n}'"))}].");
        set
        {
            var i = names.IndexOf(name);
            if (i >= 0) values[i] = value;
            else
            {
                values.Add(value);
                names.Add(name);
            }
        }
    }

    /// <summary>Adds a tensor by position.</summary>
    public void Add(Tensor tensor)
    {
        values.Add(tensor);
        names.Add(null);
    }

    /// <summary>Looks a tensor up by name.</summary>
    public bool TryGet(string name, out Tensor tensor)
    {
        var i = names.IndexOf(name);
        tensor = i >= 0 ? values[i] : null!;
        return i >= 0;
    }

    /// <summary>The only tensor, or a clear error naming <paramref name="owner"/> when there are several.</summary>
    public Tensor Single(string owner) => Count == 1
        ? values[0]
        : throw new ArgumentException($"{owner} expects a single tensor but received {Count}.");

    /// <inheritdoc/>
    public IEnumerator<Tensor> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void CopyFrom(IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors) Add(t);
    }
}

/// <summary>The inputs of a layer or model call: one tensor, several in order, or several by name.</summary>
public sealed class Inputs : TensorStructure
{
    /// <summary>One tensor.</summary>
    public static implicit operator Inputs(Tensor tensor) => new() { tensor };

    /// <summary>Tensors in input order.</summary>
    public static implicit operator Inputs(Tensor[] tensors)
    {
        var inputs = new Inputs();
        inputs.CopyFrom(tensors);
        return inputs;
    }

    /// <summary>Tensors in input order.</summary>
    public static implicit operator Inputs(List<Tensor> tensors) => tensors.ToArray();

    /// <summary>Tensors by input name.</summary>
    public static implicit operator Inputs(Dictionary<string, Tensor> tensors)
    {
        var inputs = new Inputs();
        foreach (var (name, t) in tensors) inputs[name] = t;
        return inputs;
    }
}

/// <summary>The outputs of a layer or model call, in output order (named after the output layers for models).</summary>
public sealed class Outputs : TensorStructure
{
    /// <summary>One tensor.</summary>
    public static implicit operator Outputs(Tensor tensor) => new() { tensor };

    /// <summary>Tensors in output order.</summary>
    public static implicit operator Outputs(Tensor[] tensors)
    {
        var outputs = new Outputs();
        outputs.CopyFrom(tensors);
        return outputs;
    }

    /// <summary>The single output; a clear error when there are several.</summary>
    public static implicit operator Tensor(Outputs outputs) => outputs.Single("Conversion of Outputs to Tensor");

    /// <summary>Two outputs, e.g. <c>var (priority, department) = model.Apply(x);</c>.</summary>
    public void Deconstruct(out Tensor first, out Tensor second)
    {
        Expect(2);
        (first, second) = (this[0], this[1]);
    }

    /// <summary>Three outputs.</summary>
    public void Deconstruct(out Tensor first, out Tensor second, out Tensor third)
    {
        Expect(3);
        (first, second, third) = (this[0], this[1], this[2]);
    }

    void Expect(int n)
    {
        if (Count != n) throw new InvalidOperationException($"Cannot deconstruct {Count} outputs into {n} variables.");
    }
}
