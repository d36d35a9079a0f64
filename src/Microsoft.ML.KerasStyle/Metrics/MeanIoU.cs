namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>MeanIoU</c>: <see cref="IoU"/> averaged over every class that occurred — the usual semantic-segmentation
/// score. Targets and predictions are class ids by default.
/// </summary>
public class MeanIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes.</param>
    /// <param name="name">The name shown in logs. Defaults to <c>mean_io_u</c> (Keras's snake_case of the class name).</param>
    /// <param name="dtype">The dtype of the confusion matrix. Defaults to <c>int32</c>.</param>
    /// <param name="ignoreClass">A target class id left out of the matrix. Defaults to none.</param>
    /// <param name="sparseYTrue">Whether targets are class ids (else arg-maxed over <paramref name="axis"/>). Defaults to true.</param>
    /// <param name="sparseYPred">Whether predictions are class ids (else arg-maxed over <paramref name="axis"/>). Defaults to true.</param>
    /// <param name="axis">The class axis of non-sparse inputs. Defaults to -1.</param>
    public MeanIoU(int numClasses, string? name = null, string dtype = "int32", int? ignoreClass = null, bool sparseYTrue = true,
        bool sparseYPred = true, int axis = -1)
        : this("MeanIoU", numClasses, name ?? "mean_io_u", dtype, ignoreClass, sparseYTrue, sparseYPred, axis)
    {
    }

    /// <summary>Creates the metric over all classes, naming <paramref name="kind"/> in error messages (for <see cref="OneHotMeanIoU"/>).</summary>
    /// <param name="kind">The class's name in error messages.</param>
    /// <param name="numClasses">The number of classes.</param>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="dtype">The dtype of the confusion matrix.</param>
    /// <param name="ignoreClass">A target class id left out, or null.</param>
    /// <param name="sparseYTrue">Whether targets are class ids.</param>
    /// <param name="sparseYPred">Whether predictions are class ids.</param>
    /// <param name="axis">The class axis of non-sparse inputs.</param>
    protected MeanIoU(string kind, int numClasses, string name, string dtype, int? ignoreClass, bool sparseYTrue, bool sparseYPred, int axis)
        : base(kind, numClasses, Enumerable.Range(0, Math.Max(numClasses, 1)).ToArray(), name, dtype, ignoreClass, sparseYTrue, sparseYPred, axis)
    {
    }

    /// <summary>Keras's <c>get_config</c>: <see cref="IoU"/>'s without <c>target_class_ids</c> (always every class).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("target_class_ids");
        return config;
    }
}
