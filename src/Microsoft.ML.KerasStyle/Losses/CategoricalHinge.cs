using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Keras's <c>CategoricalHinge</c> loss: <c>max(neg − pos + 1, 0)</c>, <c>pos = Σ yTrue·yPred</c>, <c>neg = max((1 − yTrue)·yPred)</c>, for one-hot targets.</summary>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="name">The loss's name. Defaults to <c>categorical_hinge</c>.</param>
public class CategoricalHinge(string reduction = "sum_over_batch_size", string? name = "categorical_hinge")
    : Loss(name ?? "categorical_hinge", reduction)
{
    /// <inheritdoc/>
    public override Tensor Compute(Tensor yTrue, Tensor yPred) => LossFunctions.CategoricalHinge(yTrue, yPred);
}
