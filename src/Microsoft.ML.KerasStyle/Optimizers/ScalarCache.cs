using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Optimizers;

/// <summary>
/// A torch scalar for a value that changes rarely (a learning rate): made again only when the value changes, instead
/// of a new native scalar on every op.
/// </summary>
internal static class ScalarCache
{
    /// <summary>A function giving the scalar of <paramref name="transform"/>(value), remade when the value changes.</summary>
    public static Func<double, Scalar> For(Func<double, double> transform)
    {
        var last = double.NaN;
        Scalar? scalar = null;
        return value =>
        {
            if (scalar is null || !value.Equals(last))
            {
                scalar = transform(value).ToScalar();
                last = value;
            }
            return scalar;
        };
    }
}
