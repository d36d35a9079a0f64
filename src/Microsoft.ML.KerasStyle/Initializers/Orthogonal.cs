using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>
/// Keras's <c>orthogonal</c>: the weight reshaped to (prod(shape[:-1]), shape[-1]) is an orthogonal matrix (from the
/// QR decomposition of a normal matrix, signs fixed by R's diagonal) times <paramref name="gain"/>.
/// </summary>
/// <param name="gain">Multiplicative factor. Defaults to 1.</param>
/// <param name="seed">Random seed. Defaults to none (global generator).</param>
public sealed class Orthogonal(double gain = 1.0, int? seed = null) : RandomInitializer(seed)
{
    /// <inheritdoc/>
    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32)
    {
        if (shape.Length < 2)
            throw new ArgumentException($"Orthogonal initializer needs a shape of rank 2 or more, received rank {shape.Length}.");
        long rows = 1;
        for (var i = 0; i < shape.Length - 1; i++) rows *= shape[i];
        var cols = shape[^1];
        using var scope = torch.NewDisposeScope();
        var a = Normal([Math.Max(rows, cols), Math.Min(rows, cols)], 0, 1, ScalarType.Float32);
        var (q, r) = torch.linalg.qr(a);
        q = q * torch.sign(torch.diagonal(r));
        if (rows < cols) q = q.t();
        return (q.reshape(shape) * gain).to(dtype).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["gain"] = gain };
}
