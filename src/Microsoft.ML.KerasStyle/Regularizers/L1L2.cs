using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>
/// Keras's <c>L1L2</c>: the penalty <c>l1 · sum(|x|) + l2 · sum(x²)</c> (a zero factor's term is left out). By name:
/// <c>"l1l2"</c> gives Keras 3's <c>L1L2()</c> (both factors 0), <c>"l1_l2"</c> Keras 2's <c>l1_l2()</c> (both 0.01).
/// </summary>
/// <param name="l1">The L1 factor (finite, non-negative). Defaults to 0.</param>
/// <param name="l2">The L2 factor (finite, non-negative). Defaults to 0.</param>
public class L1L2(double l1 = 0.0, double l2 = 0.0) : Regularizer
{
    /// <summary>The L1 factor.</summary>
    public double L1 { get; } = NonNegative(l1, "l1", "L1L2");

    /// <summary>The L2 factor.</summary>
    public double L2 { get; } = NonNegative(l2, "l2", "L1L2");

    /// <inheritdoc/>
    public override Tensor Call(Tensor x)
    {
        var penalty = zeros([], dtype: x.dtype, device: x.device);
        if (L1 != 0) penalty = penalty + x.abs().sum() * L1;
        if (L2 != 0) penalty = penalty + x.square().sum() * L2;
        return penalty;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1, ["l2"] = L2 };
}
