using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>SparseCategoricalCrossentropy</c> metric: the mean over samples of
/// <see cref="LossFunctions.SparseCategoricalCrossentropy"/> (integer labels; out-of-range labels are a clear error).
/// </summary>
/// <param name="name">The name shown in logs. Defaults to <c>sparse_categorical_crossentropy</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
/// <param name="fromLogits">Whether predictions are logits rather than probabilities. Defaults to false.</param>
/// <param name="ignoreClass">A label left out of the mean (neither summed nor counted). Defaults to none.</param>
/// <param name="axis">The class axis of the predictions. Defaults to -1.</param>
public class SparseCategoricalCrossentropy(string? name = "sparse_categorical_crossentropy", string dtype = "float32",
    bool fromLogits = false, int? ignoreClass = null, int axis = -1)
    : MeanMetricWrapper((t, p) => LossFunctions.SparseCategoricalCrossentropy(t, p, fromLogits, ignoreClass, axis),
        name ?? "sparse_categorical_crossentropy", dtype)
{
    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; } = fromLogits;

    /// <summary>The label left out, or null.</summary>
    public int? IgnoreClass { get; } = ignoreClass;

    /// <summary>The class axis of the predictions.</summary>
    public int Axis { get; } = axis;

    /// <summary>Adds the batch; entries labelled <see cref="IgnoreClass"/> get weight 0 (Keras's mask).</summary>
    /// <param name="yTrue">Integer labels, shape (batch,) or (batch, 1).</param>
    /// <param name="yPred">Probabilities or logits, shape (batch, classes).</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (IgnoreClass is not { } ignored)
        {
            base.UpdateState(yTrue, yPred, sampleWeight);
            return;
        }
        using var scope = NewDisposeScope();
        var labels = yTrue.dim() == yPred.dim() && yTrue.dim() > 0 && yTrue.shape[Axis < 0 ? Axis + yPred.dim() : Axis] == 1
            ? yTrue.squeeze(Axis < 0 ? Axis + yPred.dim() : Axis)
            : yTrue;
        var kept = labels.to(ScalarType.Int64).ne(ignored).to(ScalarType.Float32);
        if (sampleWeight is not null)
        {
            var (mask, weight) = LossReduction.SameRank(kept, sampleWeight.to(ScalarType.Float32));
            kept = mask * weight;
        }
        base.UpdateState(yTrue, yPred, kept);
    }

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
