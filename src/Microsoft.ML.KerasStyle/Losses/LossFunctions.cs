using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>
/// Keras's loss functions (<c>keras.losses.mean_squared_error</c>, …): per-sample values with the last axis reduced,
/// no sample weights and no reduction. The loss classes and the metrics both compute with these.
/// </summary>
public static partial class LossFunctions
{
    /// <summary>Keras's <c>backend.epsilon()</c>: the fuzz factor that keeps logarithms and divisions finite.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Mean over the last axis of <c>(yTrue - yPred)²</c>.</summary>
    /// <param name="yTrue">Targets, shape (batch, …, d) or (batch, …) against a (batch, …, 1) prediction.</param>
    /// <param name="yPred">Predictions.</param>
    public static Tensor MeanSquaredError(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return (yTrue - yPred).square().mean([-1]);
    }

    /// <summary>Mean over the last axis of <c>|yTrue - yPred|</c>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    public static Tensor MeanAbsoluteError(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return (yTrue - yPred).abs().mean([-1]);
    }

    /// <summary>
    /// Binary crossentropy averaged over <paramref name="axis"/>. Probabilities are clipped to
    /// [ε, 1 − ε] first (as Keras's backend does), logits use the stable <c>max(x, 0) − x·t + log(1 + e^−|x|)</c>.
    /// </summary>
    /// <param name="yTrue">Targets in [0, 1].</param>
    /// <param name="yPred">Probabilities, or logits when <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits. Defaults to false.</param>
    /// <param name="labelSmoothing">Squeezes targets towards 0.5: <c>t·(1 − s) + 0.5·s</c>. Defaults to 0.</param>
    /// <param name="axis">The axis averaged over. Defaults to -1.</param>
    public static Tensor BinaryCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, double labelSmoothing = 0, int axis = -1)
    {
        CheckSmoothing(labelSmoothing, "binary_crossentropy");
        (yTrue, yPred) = Align(yTrue, yPred);
        RequireSameShape(yTrue, yPred, "binary_crossentropy", "");
        if (labelSmoothing != 0) yTrue = yTrue * (1.0 - labelSmoothing) + 0.5 * labelSmoothing;
        Tensor elementwise;
        if (fromLogits)
        {
            elementwise = yPred.relu() - yPred * yTrue + (-yPred.abs()).exp().log1p();
        }
        else
        {
            var p = yPred.clamp(Epsilon, 1.0 - Epsilon);
            elementwise = -(yTrue * p.log() + (1.0 - yTrue) * (1.0 - p).log());
        }
        return elementwise.mean([Shapes.Axis(axis, (int)elementwise.dim(), "binary_crossentropy")]);
    }

    /// <summary>
    /// Categorical crossentropy over <paramref name="axis"/> for one-hot (or soft) targets. As Keras: probabilities are
    /// divided by their sum over the axis and clipped to [ε, 1 − ε]; logits go through <c>log_softmax</c>.
    /// </summary>
    /// <param name="yTrue">One-hot targets, the shape of <paramref name="yPred"/>.</param>
    /// <param name="yPred">Probabilities, or logits when <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits. Defaults to false.</param>
    /// <param name="labelSmoothing">Mixes targets with the uniform distribution: <c>t·(1 − s) + s / classes</c>. Defaults to 0.</param>
    /// <param name="axis">The class axis. Defaults to -1.</param>
    public static Tensor CategoricalCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, double labelSmoothing = 0, int axis = -1)
    {
        CheckSmoothing(labelSmoothing, "categorical_crossentropy");
        (yTrue, yPred) = Align(yTrue, yPred);
        RequireSameShape(yTrue, yPred, "categorical_crossentropy",
            " For integer class labels use sparse_categorical_crossentropy.");
        var classAxis = Shapes.Axis(axis, (int)yPred.dim(), "categorical_crossentropy");
        if (labelSmoothing != 0) yTrue = yTrue * (1.0 - labelSmoothing) + labelSmoothing / yPred.shape[classAxis];
        return -(yTrue * LogProbabilities(yPred, fromLogits, classAxis)).sum([classAxis]);
    }

    /// <summary>
    /// Categorical crossentropy for integer class labels. Labels outside [0, classes) are an
    /// <see cref="ArgumentException"/> naming the label and the class count; <paramref name="ignoreClass"/> entries
    /// give 0.
    /// </summary>
    /// <param name="yTrue">Integer labels, shape (batch, …) or (batch, …, 1).</param>
    /// <param name="yPred">Probabilities or logits, shape (batch, …, classes).</param>
    /// <param name="fromLogits">Whether <paramref name="yPred"/> holds logits. Defaults to false.</param>
    /// <param name="ignoreClass">A label whose entries count 0 (e.g. a "void" class). Defaults to none.</param>
    /// <param name="axis">The class axis of <paramref name="yPred"/>. Defaults to -1.</param>
    public static Tensor SparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, bool fromLogits = false, int? ignoreClass = null, int axis = -1)
    {
        var (picked, valid) = PickedLogProbabilities(yTrue, yPred, fromLogits, ignoreClass, axis);
        var result = -picked.squeeze(-1);
        return valid is null ? result : where(valid, result, zeros_like(result));
    }

    /// <summary>
    /// The batch mean of <see cref="SparseCategoricalCrossentropy"/> (no ignored class), in one op fewer forward and
    /// backward: −mean(log p) equals mean(−log p) exactly. Null for an empty batch (whose mean the caller defines).
    /// </summary>
    internal static Tensor? SparseCategoricalCrossentropyMean(Tensor yTrue, Tensor yPred, bool fromLogits, int axis)
    {
        var (picked, _) = PickedLogProbabilities(yTrue, yPred, fromLogits, null, axis);
        return picked.numel() == 0 ? null : -picked.mean();
    }

    // The log-probability of each label, shape (batch, …, 1), and the mask of entries that are not the ignored class.
    static (Tensor Picked, Tensor? Valid) PickedLogProbabilities(Tensor yTrue, Tensor yPred, bool fromLogits, int? ignoreClass, int axis)
    {
        var classAxis = Shapes.Axis(axis, (int)yPred.dim(), "sparse_categorical_crossentropy");
        var labels = SparseLabels(yTrue, yPred, classAxis, ignoreClass, "sparse_categorical_crossentropy");
        Tensor? valid = ignoreClass is { } ignored ? labels != ignored : null;
        if (valid is not null)
        {
            labels = where(valid, labels, zeros_like(labels));
            // Keras zeroes ignored rows; ones keep the normalisation finite (0/0 would give NaN gradients) and the
            // entries are masked to 0 below either way.
            yPred = where(valid.unsqueeze(classAxis), yPred, ones_like(yPred));
        }
        var logProbabilities = LogProbabilities(yPred, fromLogits, classAxis);
        if (classAxis != yPred.dim() - 1) logProbabilities = logProbabilities.movedim([classAxis], [-1]);
        Tensor picked;
        try
        {
            picked = logProbabilities.gather(-1, labels.unsqueeze(-1));
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            // On the CPU torch rejects an out-of-range index here; say which label was wrong instead.
            CheckLabelRange(labels, yPred.shape[classAxis], ignoreClass, "sparse_categorical_crossentropy");
            throw;
        }
        return (picked, valid);
    }

    /// <summary>Huber loss averaged over the last axis: <c>½e²</c> where <c>|e| ≤ δ</c>, else <c>δ|e| − ½δ²</c>.</summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="delta">Where the loss turns from quadratic to linear. Defaults to 1.</param>
    public static Tensor Huber(Tensor yTrue, Tensor yPred, double delta = 1.0)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var error = yPred - yTrue;
        var absError = error.abs();
        return where(absError <= delta, 0.5 * error.square(), delta * absError - 0.5 * delta * delta).mean([-1]);
    }

    /// <summary>Kullback-Leibler divergence summed over the last axis, both inputs clipped to [ε, 1].</summary>
    /// <param name="yTrue">Target distributions.</param>
    /// <param name="yPred">Predicted distributions.</param>
    public static Tensor KLDivergence(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var t = yTrue.clamp(Epsilon, 1.0);
        var p = yPred.clamp(Epsilon, 1.0);
        return (t * (t / p).log()).sum([-1]);
    }

    /// <summary>Poisson loss averaged over the last axis: <c>yPred − yTrue·log(yPred + ε)</c>.</summary>
    /// <param name="yTrue">Targets (counts).</param>
    /// <param name="yPred">Predicted rates.</param>
    public static Tensor Poisson(Tensor yTrue, Tensor yPred)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        return (yPred - yTrue * (yPred + Epsilon).log()).mean([-1]);
    }

    /// <summary>
    /// The NEGATIVE cosine similarity over <paramref name="axis"/> (−1 is most similar, as Keras's loss returns), each
    /// input scaled by <c>1 / sqrt(max(Σx², ε²))</c> so zero vectors give 0.
    /// </summary>
    /// <param name="yTrue">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="axis">The feature axis. Defaults to -1.</param>
    public static Tensor CosineSimilarity(Tensor yTrue, Tensor yPred, int axis = -1)
    {
        (yTrue, yPred) = Align(yTrue, yPred);
        var a = Shapes.Axis(axis, (int)yPred.dim(), "cosine_similarity");
        return -(L2Normalize(yTrue, a) * L2Normalize(yPred, a)).sum([a]);
    }

    // Keras's ops.normalize(order=2): x * rsqrt(max(sum(x²), ε²)).
    static Tensor L2Normalize(Tensor x, int axis) =>
        x * x.square().sum([axis], keepdim: true).clamp_min(Epsilon * Epsilon).rsqrt();

    static Tensor LogProbabilities(Tensor yPred, bool fromLogits, int classAxis)
    {
        if (fromLogits) return yPred.log_softmax(classAxis);
        var normalised = yPred / yPred.sum([classAxis], keepdim: true);
        return normalised.clamp(Scalars.Of(Epsilon), Scalars.Of(1.0 - Epsilon)).log();
    }

    /// <summary>Integer labels shaped as <paramref name="yPred"/> without its class axis, range-checked.</summary>
    static Tensor SparseLabels(Tensor yTrue, Tensor yPred, int classAxis, int? ignoreClass, string owner)
    {
        if (yTrue.dim() == yPred.dim() && yTrue.dim() > 0 && yTrue.size(classAxis) == 1) yTrue = yTrue.squeeze(classAxis);
        if (!HasShapeWithoutAxis(yTrue, yPred, classAxis))
            throw new ArgumentException(
                $"{owner}: labels must have the shape of the predictions without the class axis, {Shapes.Format(Shapes.Of(yPred).Where((_, i) => i != classAxis).ToArray())} " +
                $"(or with a trailing 1). Received labels of shape {Shapes.Format(Shapes.Of(yTrue))} for predictions of shape {Shapes.Format(Shapes.Of(yPred))}." +
                (yTrue.dim() == yPred.dim() ? " For one-hot labels use categorical_crossentropy." : ""));
        if (yTrue.is_floating_point())
        {
            using var _ = no_grad();
            var fractional = yTrue.ne(yTrue.floor());
            if (fractional.any().item<bool>())
                throw new ArgumentException(
                    $"{owner}: labels must be integer class indices; received {yTrue.masked_select(fractional)[0].to(ScalarType.Float64).item<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)}. " +
                    "For one-hot or soft targets use categorical_crossentropy.");
        }
        var labels = yTrue.dtype == ScalarType.Int64 ? yTrue : yTrue.to(ScalarType.Int64);
        // On the CPU the gather that uses the labels reports a bad one (see the caller), so the labels are checked
        // only then, sparing four tensors and a host sync per step; elsewhere an out-of-range index may not be caught.
        if (labels.device_type != DeviceType.CPU) CheckLabelRange(labels, yPred.shape[classAxis], ignoreClass, owner);
        return labels;
    }

    // Whether labels has the predictions' shape without the class axis (read with dim/size: cheaper than shape arrays).
    static bool HasShapeWithoutAxis(Tensor labels, Tensor predictions, int classAxis)
    {
        if (labels.dim() != predictions.dim() - 1) return false;
        for (int i = 0, j = 0; i < predictions.dim(); i++)
        {
            if (i == classAxis) continue;
            if (labels.size(j++) != predictions.size(i)) return false;
        }
        return true;
    }

    /// <summary>Throws a clear error for a label outside [0, classes), skipping <paramref name="ignoreClass"/>.</summary>
    internal static void CheckLabelRange(Tensor labels, long classes, int? ignoreClass, string owner)
    {
        if (labels.numel() == 0) return;
        using var _ = no_grad();
        var outOfRange = (labels < 0) | (labels >= classes);
        if (ignoreClass is { } ignored) outOfRange &= labels != ignored;
        if (!outOfRange.any().item<bool>()) return;
        var bad = labels.masked_select(outOfRange)[0].item<long>();
        throw new ArgumentException(
            $"{owner}: received label value {bad}, which is outside the valid range [0, {classes}) for {classes} classes " +
            $"(the predictions' class axis has {classes} entries). Labels must be integers 0 … {classes - 1}.");
    }

    static Tensor CastLike(Tensor yTrue, Tensor yPred) => yTrue.dtype == yPred.dtype ? yTrue : yTrue.to(yPred.dtype);

    /// <summary>Casts targets to the predictions' dtype and aligns ranks (Keras's <c>squeeze_or_expand_to_same_rank</c>).</summary>
    static (Tensor, Tensor) Align(Tensor yTrue, Tensor yPred)
    {
        if (!yPred.is_floating_point()) yPred = yPred.to(ScalarType.Float32);
        return LossReduction.SameRank(CastLike(yTrue, yPred), yPred);
    }

    static void RequireSameShape(Tensor yTrue, Tensor yPred, string owner, string hint)
    {
        if (!yTrue.shape.SequenceEqual(yPred.shape))
            throw new ArgumentException(
                $"{owner}: targets and predictions must have the same shape. Received targets of shape {Shapes.Format(Shapes.Of(yTrue))} " +
                $"and predictions of shape {Shapes.Format(Shapes.Of(yPred))}.{hint}");
    }

    /// <summary>
    /// <paramref name="labelSmoothing"/> when it is in [0, 1]; otherwise an <see cref="ArgumentException"/> starting with
    /// <paramref name="owner"/> (used by the functions and by the crossentropy loss and metric classes).
    /// </summary>
    internal static double CheckSmoothing(double labelSmoothing, string owner) =>
        labelSmoothing is >= 0 and <= 1
            ? labelSmoothing
            : throw new ArgumentException($"{owner}: label_smoothing must be in [0, 1]. Received: {labelSmoothing.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(labelSmoothing));
}
