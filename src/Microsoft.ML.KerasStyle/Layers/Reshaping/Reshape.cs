using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's Reshape: reshapes each sample to <paramref name="targetShape"/>, giving (batch, …targetShape). The batch size
/// is taken from the data on every call, never fixed. One dimension may be -1: it is inferred from the input size (and
/// stays unknown while a non-batch input dimension is unknown). Integer inputs keep their dtype, as in Keras.
/// </summary>
/// <param name="targetShape">Shape of one output sample, without the batch axis, e.g. <c>[3, 4]</c> or <c>[-1, 2, 2]</c>; at most one -1.</param>
/// <param name="name">Layer name. Defaults to <c>reshape</c>, <c>reshape_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
[BuiltAtInit]
public class Reshape(int[] targetShape, string? name = null, string dtype = "float32") : Layer(name, dtype: dtype)
{
    readonly int[] targetShape = Validate(targetShape);

    /// <summary>The target shape of one sample (without the batch axis); may hold one -1.</summary>
    public IReadOnlyList<int> TargetShape => targetShape;

    static int[] Validate(int[] targetShape)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        var copy = (int[])targetShape.Clone();
        if (copy.Any(d => d < -1))
            throw new ArgumentException(
                $"Reshape: Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape={Format(copy)}.",
                nameof(targetShape));
        if (copy.Count(d => d == -1) > 1)
            throw new ArgumentException(
                $"Reshape: There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape={Format(copy)}.",
                nameof(targetShape));
        return copy;
    }

    static string Format(int[] shape) => Shapes.Format(shape.Select(d => (int?)d).ToArray());

    /// <summary>Keras autocasts only floating inputs; integer and boolean inputs pass through unchanged.</summary>
    protected override bool CastInputs => false;

    /// <inheritdoc/>
    protected override string ComputeOutputDtype(IReadOnlyList<string> inputDtypes) =>
        Dtypes.IsFloating(Dtypes.ToScalarType(inputDtypes[0])) ? Dtype : inputDtypes[0];

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var target = ComputeType;
        if (Dtypes.IsFloating(inputs.dtype) && inputs.dtype != target) inputs = inputs.to(target);
        var sample = ResolveTargetShape(Shapes.Of(inputs)[1..]);
        return inputs.reshape([inputs.shape[0], .. sample.Select(d => (long)d!.Value)]);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        if (inputShape.Length < 1)
            throw new ArgumentException($"Layer \"{Name}\" (Reshape) needs inputs with a batch axis. Received: input shape={Shapes.Format(inputShape)}");
        return [inputShape[0], .. ResolveTargetShape(inputShape[1..])];
    }

    /// <summary>
    /// The output sample shape for an input sample shape (both without the batch axis), as Keras's
    /// <c>compute_reshape_output_shape</c>: -1 becomes the inferred size, or unknown when the input size is unknown.
    /// </summary>
    int?[] ResolveTargetShape(int?[] sampleShape)
    {
        if (sampleShape.Any(d => d is null))
            return targetShape.Select(d => d == -1 ? null : (int?)d).ToArray();
        var inputSize = Shapes.Product(sampleShape)!.Value;
        var unknownIndex = Array.IndexOf(targetShape, -1);
        if (unknownIndex < 0)
        {
            if (inputSize != targetShape.Aggregate(1L, (p, d) => p * d))
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Reshape): The total size of the tensor must be unchanged. Received: input_shape={Shapes.Format(sampleShape)}, target_shape={Format(targetShape)}");
            return targetShape.Select(d => (int?)d).ToArray();
        }
        var knownSize = targetShape.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
        if (knownSize == 0 || inputSize % knownSize != 0)
            throw new ArgumentException(
                $"Layer \"{Name}\" (Reshape): The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape={Shapes.Format(sampleShape)}, target_shape={Format(targetShape)}");
        var resolved = targetShape.Select(d => (int?)d).ToArray();
        resolved[unknownIndex] = checked((int)(inputSize / knownSize));
        return resolved;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["target_shape"] = targetShape.ToArray() };
}
