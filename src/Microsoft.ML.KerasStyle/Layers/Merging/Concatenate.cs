using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>Keras's Concatenate: joins its inputs along <paramref name="axis"/>; all other dimensions must agree.</summary>
/// <param name="axis">Axis to join on. Defaults to -1 (the last).</param>
/// <param name="name">Layer name. Defaults to <c>concatenate</c>, <c>concatenate_1</c>, ….</param>
/// <param name="dtype">The dtype of the computations and outputs. Defaults to <c>float32</c>.</param>
public class Concatenate(int axis = -1, string? name = null, string dtype = "float32") : Layer(name, dtype: dtype)
{
    /// <summary>The join axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    public override void Build(IReadOnlyList<int?[]> inputShapes)
    {
        ComputeOutputShapes(inputShapes); // validates
        Built = true;
    }

    /// <inheritdoc/>
    protected override Outputs Call(Inputs inputs, bool training) => cat(inputs.ToArray(), Axis);

    /// <inheritdoc/>
    public override IReadOnlyList<int?[]> ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes)
    {
        if (inputShapes.Count < 2)
            throw new ArgumentException($"Layer \"{Name}\" (Concatenate) should be called on a list of at least 2 inputs. Received: {inputShapes.Count} input(s).");
        var rank = inputShapes[0].Length;
        if (inputShapes.Any(s => s.Length != rank))
            throw new ArgumentException($"Layer \"{Name}\" (Concatenate) requires inputs of the same rank. Received: input shape={string.Join(", ", inputShapes.Select(Shapes.Format))}");
        var axis = Shapes.Axis(Axis, rank, $"Layer \"{Name}\" (Concatenate)");
        var output = (int?[])inputShapes[0].Clone();
        for (var d = 0; d < rank; d++)
        {
            if (d == axis)
            {
                output[d] = inputShapes.Any(s => s[d] is null) ? null : inputShapes.Sum(s => s[d]!.Value);
                continue;
            }
            var known = inputShapes.Select(s => s[d]).Where(v => v is not null).Distinct().ToList();
            if (known.Count > 1)
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Concatenate) requires inputs with matching shapes except for the concatenation axis {Axis}. Received: input shape={string.Join(", ", inputShapes.Select(Shapes.Format))}");
            output[d] = known.FirstOrDefault();
        }
        return [output];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["axis"] = Axis };
}
