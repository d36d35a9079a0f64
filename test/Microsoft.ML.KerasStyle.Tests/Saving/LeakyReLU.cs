using Microsoft.ML.KerasStyle.Activations;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// A stand-in for Keras's LeakyReLU layer (which the library does not ship), named as Keras names it so that its
/// weights group is <c>leaky_re_lu</c>: lets the tests load the tabular fixture through <c>customObjects</c>.
/// </summary>
public sealed class LeakyReLU(double negativeSlope = 0.3, string? name = null, bool trainable = true, string dtype = "float32")
    : Layer(name, trainable, dtype)
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => ActivationFunctions.LeakyRelu(NegativeSlope).Apply(inputs);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["negative_slope"] = NegativeSlope };
}
