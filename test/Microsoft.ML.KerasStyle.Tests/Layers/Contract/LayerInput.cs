using Microsoft.ML.KerasStyle.Backend;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// One input of a <see cref="LayerCase"/>: the shape of one sample (without the batch axis), its dtype, and how its data
/// is drawn for a batch of any size — standard normal floats times <see cref="Scale"/> by default, or integers in
/// [<see cref="Low"/>, <see cref="High"/>) (indices for an Embedding, uint8 pixels for a Rescaling). Axes named by
/// <see cref="Unknown"/> are unknown (None) in the symbolic input, so the layer is also checked on sizes it learns only
/// from the data (an image of any size).
/// </summary>
internal sealed record LayerInput(int[] Shape, string Dtype = "float32", double Scale = 1, long Low = 0, long High = 0)
{
    /// <summary>Floats: standard normal times <paramref name="scale"/>.</summary>
    public static LayerInput Normal(int[] shape, double scale = 1, string dtype = "float32") => new(shape, dtype, Scale: scale);

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>) of <paramref name="dtype"/> (int64 by default).</summary>
    public static LayerInput Integers(int[] shape, long high, long low = 0, string dtype = "int64") => new(shape, dtype, Low: low, High: high);

    /// <summary>The sample axes (0 is the first after the batch axis) left unknown in the symbolic input.</summary>
    public IReadOnlyList<int> UnknownAxes { get; init; } = [];

    /// <summary>The same input with the sample axes <paramref name="axes"/> unknown in the symbolic input.</summary>
    public LayerInput Unknown(params int[] axes) => this with { UnknownAxes = axes };

    /// <summary>Whether the data is floating point (it then gets gradients and follows a float64 layer).</summary>
    public bool IsFloating => Dtypes.IsFloating(Dtypes.ToScalarType(Dtype));

    /// <summary>The shape of a Keras.Input (batch excluded): the sample shape, with the <see cref="UnknownAxes"/> unknown.</summary>
    public int?[] SampleShape => Shape.Select((d, i) => UnknownAxes.Contains(i) ? null : (int?)d).ToArray();

    /// <summary>The same input in another float dtype (integer inputs stay as they are).</summary>
    public LayerInput WithFloatDtype(string dtype) => IsFloating ? this with { Dtype = dtype } : this;

    /// <summary>A batch of <paramref name="batch"/> samples drawn from <paramref name="generator"/>.</summary>
    public Tensor Draw(int batch, Generator generator)
    {
        long[] shape = [batch, .. Shape.Select(d => (long)d)];
        var type = Dtypes.ToScalarType(Dtype);
        if (!IsFloating) return randint(Low, High, shape, dtype: ScalarType.Int64, generator: generator).to(type);
        using var normal = randn(shape, dtype: ScalarType.Float64, generator: generator);
        return (normal * Scale).to(type);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Dtype}{Shapes.Format(SampleShape)}";
}
