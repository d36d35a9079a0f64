namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>OneHotMeanIoU</c>: <see cref="MeanIoU"/> for one-hot targets (arg-maxed over <c>axis</c>) and, by default,
/// class scores as predictions (arg-maxed too).
/// </summary>
public class OneHotMeanIoU : MeanIoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes.</param>
    /// <param name="name">The name shown in logs. Defaults to <c>one_hot_mean_io_u</c> (Keras's snake_case of the class name).</param>
    /// <param name="dtype">The dtype of the confusion matrix. Defaults to <c>int32</c>.</param>
    /// <param name="ignoreClass">A target class id left out of the matrix. Defaults to none.</param>
    /// <param name="sparseYPred">Whether predictions are class ids (else scores, arg-maxed). Defaults to false.</param>
    /// <param name="axis">The class axis. Defaults to -1.</param>
    public OneHotMeanIoU(int numClasses, string? name = null, string dtype = "int32", int? ignoreClass = null, bool sparseYPred = false, int axis = -1)
        : base("OneHotMeanIoU", numClasses, name ?? "one_hot_mean_io_u", dtype, ignoreClass, sparseYTrue: false, sparseYPred, axis)
    {
    }

    /// <summary>Keras's <c>get_config</c>: <see cref="MeanIoU"/>'s without <c>sparse_y_true</c> (always false).</summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("sparse_y_true");
        return config;
    }
}
