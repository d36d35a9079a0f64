using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>IoU</c> (intersection over union, the Jaccard index) for segmentation and classification: a
/// (classes × classes) confusion matrix of class ids (rows the targets, columns the predictions) accumulated over
/// batches, and <c>true_positives / (true_positives + false_positives + false_negatives)</c> averaged over the
/// <c>targetClassIds</c> that occurred. Inputs of any shape are flattened. As in Keras, entries whose target or
/// predicted id is outside [0, classes), or whose target is <c>ignoreClass</c>, are left out. The state is an integer
/// matrix by default (so sample weights are truncated to integers, as in Keras; pass <c>dtype: "float32"</c> for
/// fractional weights).
/// </summary>
public class IoU : Metric
{
    readonly int[] targetClassIds;
    bool warnedAboutWeights;

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes (the confusion matrix is numClasses × numClasses).</param>
    /// <param name="targetClassIds">The classes whose IoU is averaged, each in [0, numClasses).</param>
    /// <param name="name">The name shown in logs. Defaults to <c>io_u</c> (Keras's snake_case of the class name).</param>
    /// <param name="dtype">The dtype of the confusion matrix. Defaults to <c>int32</c>.</param>
    /// <param name="ignoreClass">A target class id left out of the matrix (e.g. a "void" class). Defaults to none.</param>
    /// <param name="sparseYTrue">Whether targets are class ids (else scores or one-hot rows, arg-maxed over <paramref name="axis"/>). Defaults to true.</param>
    /// <param name="sparseYPred">Whether predictions are class ids (else scores, arg-maxed over <paramref name="axis"/>). Defaults to true.</param>
    /// <param name="axis">The class axis of non-sparse inputs. Defaults to -1.</param>
    public IoU(int numClasses, int[] targetClassIds, string? name = null, string dtype = "int32", int? ignoreClass = null,
        bool sparseYTrue = true, bool sparseYPred = true, int axis = -1)
        : this("IoU", numClasses, targetClassIds, name ?? "io_u", dtype, ignoreClass, sparseYTrue, sparseYPred, axis)
    {
    }

    /// <summary>Creates the metric, naming <paramref name="kind"/> in error messages (for the subclasses).</summary>
    /// <param name="kind">The class's name in error messages.</param>
    /// <param name="numClasses">The number of classes.</param>
    /// <param name="targetClassIds">The classes whose IoU is averaged.</param>
    /// <param name="name">The name shown in logs.</param>
    /// <param name="dtype">The dtype of the confusion matrix.</param>
    /// <param name="ignoreClass">A target class id left out, or null.</param>
    /// <param name="sparseYTrue">Whether targets are class ids.</param>
    /// <param name="sparseYPred">Whether predictions are class ids.</param>
    /// <param name="axis">The class axis of non-sparse inputs.</param>
    protected IoU(string kind, int numClasses, IReadOnlyList<int> targetClassIds, string name, string dtype, int? ignoreClass,
        bool sparseYTrue, bool sparseYPred, int axis)
        : base(name, dtype)
    {
        ArgumentNullException.ThrowIfNull(targetClassIds);
        if (numClasses < 1) throw new ArgumentException($"{kind} '{Name}': num_classes must be ≥ 1. Received: num_classes={numClasses}.", nameof(numClasses));
        if (targetClassIds.Count == 0) throw new ArgumentException($"{kind} '{Name}': target_class_ids is empty; give at least one class id.", nameof(targetClassIds));
        foreach (var id in targetClassIds)
            if (id < 0 || id >= numClasses)
                throw new ArgumentException($"{kind} '{Name}': target class id {id} is out of range, which is [0, {numClasses}).", nameof(targetClassIds));
        NumClasses = numClasses;
        this.targetClassIds = [.. targetClassIds];
        IgnoreClass = ignoreClass;
        SparseYTrue = sparseYTrue;
        SparseYPred = sparseYPred;
        Axis = axis;
        TotalConfusionMatrix = AddWeight("total_confusion_matrix", [numClasses, numClasses]);
    }

    /// <summary>The number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>The classes whose IoU is averaged.</summary>
    public IReadOnlyList<int> TargetClassIds => targetClassIds;

    /// <summary>The target class id left out, or null.</summary>
    public int? IgnoreClass { get; }

    /// <summary>Whether targets are class ids.</summary>
    public bool SparseYTrue { get; }

    /// <summary>Whether predictions are class ids.</summary>
    public bool SparseYPred { get; }

    /// <summary>The class axis of non-sparse inputs.</summary>
    public int Axis { get; }

    /// <summary>The accumulated confusion matrix: entry (i, j) counts targets of class i predicted as class j.</summary>
    public Variable TotalConfusionMatrix { get; }

    /// <summary>Adds a batch to the confusion matrix.</summary>
    /// <param name="yTrue">Target class ids (or, without <see cref="SparseYTrue"/>, scores or one-hot rows).</param>
    /// <param name="yPred">Predicted class ids (or, without <see cref="SparseYPred"/>, scores).</param>
    /// <param name="sampleWeight">Weights per entry (broadcast to the flattened targets). Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var matrix = TotalConfusionMatrix.Value;
        var (dtype, device) = (matrix.dtype, matrix.device);
        var truth = (SparseYTrue ? yTrue.detach() : yTrue.detach().argmax(Axis)).to(dtype, device).reshape(-1);
        var predicted = (SparseYPred ? yPred.detach() : yPred.detach().argmax(Axis)).to(dtype, device).reshape(-1);
        if (truth.shape[0] != predicted.shape[0])
            throw new ArgumentException(
                $"Metric '{Name}': {truth.shape[0]} target ids for {predicted.shape[0]} predicted ids (targets of shape " +
                $"({string.Join(", ", yTrue.shape)}), predictions of shape ({string.Join(", ", yPred.shape)})).");
        Tensor weight;
        if (sampleWeight is null) weight = ones_like(truth);
        else
        {
            if (sampleWeight.is_floating_point() && !matrix.is_floating_point() && !warnedAboutWeights)
            {
                Console.Error.WriteLine($"Warning: metric '{Name}': sample weights are floats but the metric's dtype is {Dtype}; they are truncated to integers, as Keras does. Pass dtype: \"float32\" for fractional weights.");
                warnedAboutWeights = true;
            }
            weight = sampleWeight.detach().to(dtype, device).reshape(-1);
            try
            {
                weight = weight.broadcast_to(truth.shape);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException(
                    $"Metric '{Name}': sample weights of shape ({string.Join(", ", sampleWeight.shape)}) do not broadcast to the {truth.shape[0]} flattened targets.", e);
            }
        }
        var kept = truth.ge(0) & truth.lt(NumClasses) & predicted.ge(0) & predicted.lt(NumClasses);
        if (IgnoreClass is { } ignored) kept &= truth.ne(ignored);
        var index = where(kept, truth.to(ScalarType.Int64) * NumClasses + predicted.to(ScalarType.Int64), zeros_like(truth, ScalarType.Int64));
        var counts = zeros(NumClasses * NumClasses, dtype: dtype, device: device).index_add_(0, index, where(kept, weight, zeros_like(weight)), Backend.Scalars.One);
        TotalConfusionMatrix.AssignAdd(counts.reshape(NumClasses, NumClasses));
    }

    /// <summary>
    /// The mean IoU over the target classes that occurred (a class whose union is empty counts neither in the sum nor in
    /// the count), as float32: <c>Σ IoU / (classes that occurred + 1e-7)</c>.
    /// </summary>
    public override MetricValue Result()
    {
        var matrix = TotalConfusionMatrix.Value.detach();
        var predictedCounts = matrix.sum([0]);
        var trueCounts = matrix.sum([1]);
        var truePositives = matrix.diagonal();
        var union = predictedCounts + trueCounts - truePositives;
        var ids = tensor(targetClassIds.Select(i => (long)i).ToArray(), device: matrix.device);
        var targetUnion = union.index_select(0, ids).to(ScalarType.Float32);
        var targetTruePositives = truePositives.index_select(0, ids).to(ScalarType.Float32);
        var valid = targetUnion.gt(1e-9);
        var iou = where(valid, targetTruePositives / (targetUnion + LossFunctions.Epsilon), zeros_like(targetUnion));
        return iou.sum() / (valid.to(ScalarType.Float32).sum() + LossFunctions.Epsilon);
    }

    /// <summary>Returns the confusion matrix to zeros.</summary>
    public override void ResetState()
    {
        base.ResetState();
        warnedAboutWeights = false;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_classes"] = NumClasses;
        config["target_class_ids"] = targetClassIds.ToArray();
        config["ignore_class"] = IgnoreClass;
        config["sparse_y_true"] = SparseYTrue;
        config["sparse_y_pred"] = SparseYPred;
        config["axis"] = Axis;
        return config;
    }
}
