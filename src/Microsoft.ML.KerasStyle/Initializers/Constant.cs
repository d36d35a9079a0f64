using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Keras's <c>constant</c>: every value equals <paramref name="value"/>.</summary>
/// <param name="value">The fill value. Defaults to 0.</param>
public class Constant(double value = 0.0) : Initializer
{
    /// <summary>The fill value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32) => torch.full(shape, Value, dtype: dtype);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => GetType() == typeof(Constant) ? new() { ["value"] = Value } : [];
}

/// <summary>Keras's <c>zeros</c>: every value is 0. The default bias initializer.</summary>
public sealed class Zeros() : Constant(0.0);

/// <summary>Keras's <c>ones</c>: every value is 1.</summary>
public sealed class Ones() : Constant(1.0);
