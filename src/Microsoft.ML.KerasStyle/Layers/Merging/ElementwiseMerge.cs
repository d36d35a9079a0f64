using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's <c>Merge</c>: the shared base of the elementwise merge layers (<see cref="Add"/>, <see cref="Multiply"/>,
/// <see cref="Average"/>). Takes at least 2 inputs whose shapes (without the batch axis) are equal or broadcastable:
/// aligned from the last axis, each pair of dimensions must be equal or one of them 1; an input of lower rank gets
/// size-1 axes inserted after its batch axis. Known batch sizes must agree. Derive from it to write another elementwise merge.
/// </summary>
public abstract class ElementwiseMerge : Layer
{
    /// <summary>Creates a merge layer.</summary>
    /// <param name="name">Layer name. Defaults to the snake_case class name made unique.</param>
    /// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
    protected ElementwiseMerge(string? name, string dtype = "float32") : base(name, dtype: dtype)
    {
    }

    /// <summary>Combines inputs of equal rank (they broadcast against each other).</summary>
    protected abstract Tensor Merge(IReadOnlyList<Tensor> inputs);

    /// <inheritdoc/>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ComputeOutputShapes(inputShapes); // validates
        Built = true;
    }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape) => Build([inputShape]);

    /// <summary>Checks the shapes on every call, so that a built layer still names mismatched inputs clearly.</summary>
    protected override void CheckInputs(IReadOnlyList<int?[]> shapes)
    {
        base.CheckInputs(shapes);
        ComputeOutputShapes(shapes);
    }

    /// <inheritdoc/>
    protected override Outputs Call(Inputs inputs, bool training)
    {
        var tensors = inputs.ToList();
        var maxRank = tensors.Max(t => t.dim());
        var aligned = new List<Tensor>(tensors.Count);
        foreach (var t in tensors)
        {
            var x = t;
            for (var r = x.dim(); r < maxRank; r++) x = x.unsqueeze(1);
            aligned.Add(x);
        }
        return Merge(aligned);
    }

    /// <summary>A merge layer needs several inputs; one input is an error naming the layer.</summary>
    public override int?[] ComputeOutputShape(int?[] inputShape) => ComputeOutputShapes([inputShape])[0];

    /// <inheritdoc/>
    public override IReadOnlyList<int?[]> ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes)
    {
        if (inputShapes.Count < 2)
            throw new ArgumentException(
                $"Layer \"{Name}\" ({ClassName}) should be called on a list of at least 2 inputs. Received: {inputShapes.Count} input(s) with shape {string.Join(", ", inputShapes.Select(Shapes.Format))}.");

        var batchSizes = inputShapes.Where(s => s.Length > 0 && s[0] is not null).Select(s => s[0]!.Value).Distinct().ToList();
        if (batchSizes.Count > 1)
            throw new ArgumentException(
                $"Layer \"{Name}\" ({ClassName}) cannot merge tensors with different batch sizes. Received tensors with shapes {FormatAll(inputShapes)}");

        var output = Sample(inputShapes[0]);
        for (var i = 1; i < inputShapes.Count; i++)
            output = Broadcast(output, Sample(inputShapes[i]), inputShapes);
        return [[batchSizes.Count == 1 ? batchSizes[0] : null, .. output]];
    }

    static int?[] Sample(int?[] shape) => shape.Length == 0 ? shape : shape[1..];

    static string FormatAll(IReadOnlyList<int?[]> shapes) => string.Join(", ", shapes.Select(Shapes.Format));

    /// <summary>Keras's <c>_compute_elemwise_op_output_shape</c> on shapes without the batch axis.</summary>
    int?[] Broadcast(int?[] shape1, int?[] shape2, IReadOnlyList<int?[]> inputShapes)
    {
        if (shape1.Length < shape2.Length) (shape1, shape2) = (shape2, shape1);
        var lead = shape1.Length - shape2.Length;
        var output = new int?[shape1.Length];
        Array.Copy(shape1, output, lead);
        for (var k = 0; k < shape2.Length; k++)
        {
            var (i, j) = (shape1[lead + k], shape2[k]);
            output[lead + k] = (i, j) switch
            {
                (null, _) or (_, null) => null,
                (1, _) => j,
                (_, 1) => i,
                _ when i == j => i,
                _ => throw new ArgumentException(
                    $"Layer \"{Name}\" ({ClassName}): Inputs have incompatible shapes. Received shapes {Shapes.Format(shape1)} and {Shapes.Format(shape2)} (without the batch axis); full input shapes: {FormatAll(inputShapes)}"),
            };
        }
        return output;
    }
}
