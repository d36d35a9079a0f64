using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>Keras's <c>L1</c>: the penalty <c>l1 · sum(|x|)</c>. By name: <c>"l1"</c> (with <c>l1 = 0.01</c>).</summary>
/// <param name="l1">The factor (finite, non-negative). Defaults to 0.01.</param>
public class L1(double l1 = 0.01) : Regularizer
{
    /// <summary>The factor.</summary>
    public double Factor { get; } = NonNegative(l1, "l1", "L1");

    /// <inheritdoc/>
    public override Tensor Call(Tensor x) => x.abs().sum() * (double)(float)Factor; // Keras keeps the factor as a float32 tensor

    /// <summary>Keras's config. Keras keeps this factor as a float32 tensor, so it writes 0.01 as 0.009999999776482582; so does this.</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = (double)(float)Factor };
}
