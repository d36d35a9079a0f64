using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>
/// Keras's <c>OrthogonalRegularizer</c>: pushes the rows (or columns) of a matrix to be orthogonal. With each row
/// L2-normalised (<c>x · rsqrt(max(sum(x²), ε²))</c>, ε = 1e-7) the penalty is
/// <c>factor · 0.5 · sum(|P − diag(P)|) / (n(n − 1)/2)</c>, where <c>P</c> is the n × n matrix of their dot products.
/// The input must have rank 2 and at least two rows (columns). By name: <c>"orthogonal_regularizer"</c>.
/// </summary>
/// <param name="factor">The factor (finite, non-negative). Defaults to 0.01.</param>
/// <param name="mode"><c>rows</c> or <c>columns</c>: which vectors are made orthogonal. Defaults to <c>rows</c>.</param>
public class OrthogonalRegularizer(double factor = 0.01, string mode = "rows") : Regularizer
{
    const double Epsilon = 1e-7;

    /// <summary>The factor.</summary>
    public double Factor { get; } = NonNegative(factor, "factor", "OrthogonalRegularizer");

    /// <summary><c>rows</c> or <c>columns</c>.</summary>
    public string Mode { get; } = mode is "rows" or "columns"
        ? mode
        : throw new ArgumentException($"OrthogonalRegularizer: Invalid value for argument `mode`. Expected one of {{\"rows\", \"columns\"}}. Received: mode={mode}", nameof(mode));

    /// <inheritdoc/>
    public override Tensor Call(Tensor x)
    {
        if (x.dim() != 2)
            throw new ArgumentException($"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape={Backend.Shapes.Format(Backend.Shapes.Of(x))}");
        var rows = Mode == "rows";
        var size = x.shape[rows ? 0 : 1];
        if (size < 2)
            throw new ArgumentException(
                $"OrthogonalRegularizer (mode={Mode}) needs at least 2 {Mode} to compare; received inputs.shape={Backend.Shapes.Format(Backend.Shapes.Of(x))} (Keras would return NaN).");
        var normalized = x * x.square().sum(rows ? 1 : 0, keepdim: true).clamp_min(Epsilon * Epsilon).rsqrt();
        var product = rows ? matmul(normalized, normalized.t()) : matmul(normalized.t(), normalized);
        var offDiagonal = product * (1.0 - eye(size, dtype: x.dtype, device: x.device));
        var pairs = size * (size - 1.0) / 2.0;
        return offDiagonal.abs().sum() * ((double)(float)Factor * 0.5) / pairs; // Keras keeps the factor as a float32 tensor
    }

    /// <summary>Keras's config (the factor written as the float32 Keras keeps it in).</summary>
    public override Dictionary<string, object?> GetConfig() => new() { ["factor"] = (double)(float)Factor, ["mode"] = Mode };
}
