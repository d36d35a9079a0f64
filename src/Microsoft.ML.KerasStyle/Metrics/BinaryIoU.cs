using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>BinaryIoU</c>: <see cref="IoU"/> for two classes, where a prediction at or above <c>threshold</c> is class 1
/// and one below it class 0 — for binary segmentation masks of probabilities.
/// </summary>
public class BinaryIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="targetClassIds">The classes whose IoU is averaged: 0, 1 or both. Defaults to both.</param>
    /// <param name="threshold">Predictions at or above it are class 1. Defaults to 0.5.</param>
    /// <param name="name">The name shown in logs. Defaults to <c>binary_io_u</c> (Keras's snake_case of the class name).</param>
    /// <param name="dtype">The dtype of the confusion matrix. Defaults to <c>int32</c>.</param>
    public BinaryIoU(int[]? targetClassIds = null, double threshold = 0.5, string? name = null, string dtype = "int32")
        : base("BinaryIoU", 2, targetClassIds ?? [0, 1], name ?? "binary_io_u", dtype, null, true, true, -1) =>
        Threshold = threshold;

    /// <summary>Predictions at or above it are class 1.</summary>
    public double Threshold { get; }

    /// <summary>Adds a batch of 0/1 targets and probabilities (thresholded in float32, as Keras does).</summary>
    /// <param name="yTrue">0/1 targets.</param>
    /// <param name="yPred">Probabilities.</param>
    /// <param name="sampleWeight">Weights per entry. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        base.UpdateState(yTrue, yPred.detach().to(ScalarType.Float32).ge(Threshold), sampleWeight);
    }

    /// <summary>Keras's <c>get_config</c>: target_class_ids, threshold, name and dtype.</summary>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["target_class_ids"] = TargetClassIds.ToArray(),
        ["threshold"] = Threshold,
        ["name"] = Name,
        ["dtype"] = Dtype,
    };
}
