using Microsoft.ML.KerasStyle.Backend;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle;

/// <summary>
/// A layer weight: a named tensor with a Keras shape, a dtype and a trainable flag (Dense's <c>kernel</c> is
/// (in, out) as in Keras, so weights map 1:1 to Keras files and ONNX initializers).
/// </summary>
public sealed class Variable
{
    internal Variable(string name, string path, Tensor initialValue, bool trainable)
    {
        Name = name;
        Path = path;
        Value = new TorchSharp.Modules.Parameter(initialValue, requires_grad: trainable && initialValue.is_floating_point());
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

    /// <summary>The values as a flat float array (row-major), for inspection.</summary>
    public float[] ToArray() => Value.detach().to(ScalarType.Float32).data<float>().ToArray();

    /// <inheritdoc/>
    public override string ToString() => $"<Variable path={Path}, shape={Shapes.Format(Shape.Select(d => (int?)d).ToArray())}, dtype={Dtype}>";
}
