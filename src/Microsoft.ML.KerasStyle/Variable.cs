using Microsoft.ML.KerasStyle.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// A layer weight: a named tensor with a Keras shape, a dtype and a trainable flag (Dense's <c>kernel</c> is
/// (in, out) as in Keras, so weights map 1:1 to Keras files and ONNX initializers).
/// </summary>
public sealed partial class Variable
{
    /// <summary>Creates a variable holding <paramref name="initialValue"/> (optimizers and metrics make their state this way).</summary>
    /// <param name="name">The variable's own name.</param>
    /// <param name="path">Its full path, e.g. <c>dense/kernel</c>.</param>
    /// <param name="initialValue">The value (copied into a new parameter).</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    public Variable(string name, string path, Tensor initialValue, bool trainable)
    {
        Name = name;
        Path = path;
        using var _ = torch.no_grad();
        Value = new TorchSharp.Modules.Parameter(initialValue.detach().clone(), requires_grad: trainable && initialValue.is_floating_point());
        Value.DetachFromDisposeScope();
        trainableFlag = trainable;
    }

    bool trainableFlag;

    /// <summary>The weight's own name, e.g. <c>kernel</c>.</summary>
    public string Name { get; }

    /// <summary>The owning layer's name and the weight's name, e.g. <c>dense/kernel</c>.</summary>
    public string Path { get; }

    /// <summary>The weight's shape.</summary>
    public int[] Shape => Value.shape.Select(d => (int)d).ToArray();

    /// <summary>Keras dtype name, e.g. <c>float32</c>.</summary>
    public string Dtype => Dtypes.ToName(Value.dtype);

    /// <summary>Number of scalars held.</summary>
    public long Size => Value.numel();

    /// <summary>Whether optimizers update this weight; also turns gradient tracking on or off.</summary>
    public bool Trainable
    {
        get => trainableFlag;
        set
        {
            trainableFlag = value;
            if (Value.is_floating_point()) Value.requires_grad_(value);
        }
    }

    /// <summary>The live tensor (a TorchSharp parameter).</summary>
    public TorchSharp.Modules.Parameter Value { get; }

    /// <summary>Copies <paramref name="value"/> into the weight (shapes must match).</summary>
    public void Assign(Tensor value)
    {
        if (!value.shape.SequenceEqual(Value.shape))
            throw new ArgumentException($"Cannot assign a value of shape {Shapes.Format(Shapes.Of(value))} to variable '{Path}' of shape {Shapes.Format(Shapes.Of(Value))}.");
        using var _ = torch.no_grad();
        Value.copy_(value);
    }

    /// <summary>Fills the variable with <paramref name="value"/> (e.g. <c>Assign(0)</c> to reset a metric's state).</summary>
    public void Assign(double value)
    {
        using var _ = torch.no_grad();
        Value.fill_(value);
    }

    /// <summary>Adds <paramref name="delta"/> in place (Keras's <c>assign_add</c>).</summary>
    public void AssignAdd(Tensor delta)
    {
        using var _ = torch.no_grad();
        Value.add_(delta.dtype == Value.dtype ? delta : delta.to(Value.dtype));
    }

    /// <summary>Adds <paramref name="delta"/> in place (cast to the variable's dtype, as Keras casts).</summary>
    public void AssignAdd(double delta)
    {
        using var _ = torch.no_grad();
        if (Value.is_floating_point()) Value.add_(delta);
        else Value.add_((long)delta);
    }

    /// <summary>Subtracts <paramref name="delta"/> in place (Keras's <c>assign_sub</c>).</summary>
    public void AssignSub(Tensor delta)
    {
        using var _ = torch.no_grad();
        Value.sub_(delta.to(Value.dtype));
    }

    /// <summary>The values as a flat float array (row-major), for inspection.</summary>
    public float[] ToArray() => Value.detach().to(ScalarType.Float32).data<float>().ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"<Variable path={Path}, shape={Shapes.Format(Shape.Select(d => (int?)d).ToArray())}, dtype={Dtype}>";
}
