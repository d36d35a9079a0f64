using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's <c>SparseCategoricalCrossentropy</c> loss for integer class labels of shape (batch,) or (batch, 1). A label
/// outside [0, classes) is an <see cref="ArgumentException"/> naming the label and the class count.
/// </summary>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="ignoreClass">
/// A label to leave out (e.g. a "void" class in segmentation): its entries count 0 and, as Keras's mask does, the
/// mean reductions average over the other entries only. Defaults to none.
/// </param>
/// <param name="reduction">How per-sample values become one (see <see cref="Loss"/>). Defaults to <c>sum_over_batch_size</c>.</param>
/// <param name="axis">The class axis of the predictions. Defaults to -1.</param>
/// <param name="name">The loss's name. Defaults to <c>sparse_categorical_crossentropy</c>.</param>
public class SparseCategoricalCrossentropy(bool fromLogits = false, int? ignoreClass = null,
    string reduction = "sum_over_batch_size", int axis = -1, string? name = "sparse_categorical_crossentropy")
    : Loss(name ?? "sparse_categorical_crossentropy", reduction)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label left out, or null.</summary>
    public int? IgnoreClass { get; } = ignoreClass;

    /// <summary>The class axis of the predictions.</summary>
    public int Axis { get; } = axis;

    /// <summary>
    /// Per-sample values. With <see cref="IgnoreClass"/> and a mean reduction, the kept entries are scaled by
    /// <c>total / kept</c>: that is how Keras's mask turns the batch mean into a mean over kept entries, and folding it
    /// here lets <see cref="Loss.Call"/> give Keras's number.
    /// </summary>
    public override Tensor Compute(Tensor yTrue, Tensor yPred)
    {
        var values = LossFunctions.SparseCategoricalCrossentropy(yTrue, yPred, FromLogits, IgnoreClass, Axis);
        if (IgnoreClass is not { } ignored || Reduction is "sum" or "none") return values;
        var classAxis = Shapes.Axis(Axis, (int)yPred.dim(), Name);
        var labels = yTrue.dim() == yPred.dim() && yTrue.shape[classAxis] == 1 ? yTrue.squeeze(classAxis) : yTrue;
        var kept = labels.to(ScalarType.Int64).ne(ignored).reshape(values.shape);
        var keptCount = kept.sum().to(values.dtype);
        var scale = where(keptCount == 0, zeros_like(keptCount), values.numel() / keptCount);
        return values * where(kept, scale, zeros_like(scale));
    }

    /// <inheritdoc/>
    protected override Tensor? BatchMean(Tensor yTrue, Tensor yPred) =>
        IgnoreClass is null ? LossFunctions.SparseCategoricalCrossentropyMean(yTrue, yPred, FromLogits, Axis) : null;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["ignore_class"] = IgnoreClass;
        config["axis"] = Axis;
        return config;
    }
}
