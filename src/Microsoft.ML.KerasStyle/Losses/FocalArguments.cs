using System.Globalization;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>The checks the focal crossentropies share for <c>alpha</c> and <c>gamma</c>.</summary>
internal static class FocalArguments
{
    /// <summary><paramref name="alpha"/> when it is a finite number; otherwise an error naming <paramref name="owner"/>.</summary>
    public static double Alpha(double alpha, string owner) => double.IsFinite(alpha)
        ? alpha
        : throw new ArgumentException($"{owner}: alpha must be a finite number. Received: alpha={alpha.ToString(CultureInfo.InvariantCulture)}.", nameof(alpha));

    /// <summary><paramref name="gamma"/> when it is a finite number ≥ 0; otherwise an error naming <paramref name="owner"/>.</summary>
    public static double Gamma(double gamma, string owner) => gamma >= 0 && double.IsFinite(gamma)
        ? gamma
        : throw new ArgumentException($"{owner}: gamma must be a finite number ≥ 0. Received: gamma={gamma.ToString(CultureInfo.InvariantCulture)}.", nameof(gamma));
}
