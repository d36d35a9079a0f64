using System.Globalization;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// A metric's result: a tensor (usually a scalar) that formats with .NET numeric format strings
/// (<c>$"{metric.Result():F2}"</c>) and converts to <see cref="double"/>, <see cref="float"/> or <see cref="Tensor"/>.
/// </summary>
public readonly struct MetricValue : IFormattable
{
    /// <summary>Wraps <paramref name="tensor"/>.</summary>
    public MetricValue(Tensor tensor) => Tensor = tensor;

    /// <summary>The value as a tensor.</summary>
    public Tensor Tensor { get; }

    /// <summary>The scalar value; a clear error when the result has several elements.</summary>
    public double ToDouble() => Tensor.numel() == 1
        ? Tensor.detach().to(ScalarType.Float64).item<double>()
        : throw new InvalidOperationException($"This metric result has shape ({string.Join(", ", Tensor.shape)}); read it as a Tensor.");

    /// <summary>A result from a tensor (so <c>Result()</c> overrides can return tensor expressions).</summary>
    public static implicit operator MetricValue(Tensor tensor) => new(tensor);

    /// <summary>The result as a tensor.</summary>
    public static implicit operator Tensor(MetricValue value) => value.Tensor;

    /// <summary>The scalar result.</summary>
    public static implicit operator double(MetricValue value) => value.ToDouble();

    /// <summary>The scalar result as a float.</summary>
    public static explicit operator float(MetricValue value) => (float)value.ToDouble();

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        formatProvider ??= CultureInfo.CurrentCulture;
        if (Tensor.numel() == 1) return ToDouble().ToString(format, formatProvider);
        var values = Tensor.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
        return "[" + string.Join(", ", values.Select(v => v.ToString(format, formatProvider))) + "]";
    }

    /// <inheritdoc/>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
