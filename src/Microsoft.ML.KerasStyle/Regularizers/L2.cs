using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>Keras's <c>L2</c>: the penalty <c>l2 · sum(x²)</c>. By name: <c>"l2"</c> (with <c>l2 = 0.01</c>).</summary>
/// <param name="l2">The factor (finite, non-negative). Defaults to 0.01.</param>
public class L2(double l2 = 0.01) : Regularizer
{
    /// <summary>The factor.</summary>
    public double Factor { get; } = NonNegative(l2, "l2", "L2");

    /// <inheritdoc/>
    public override Tensor Call(Tensor x) => x.square().sum() * Factor;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = Factor };
}
