using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Metrics by Keras name (and alias). A metric made from a name carries that name, as Keras's <c>compile</c> names a
/// metric given as a string (so <c>"mse"</c> logs as <c>mse</c>).
/// </summary>
public static class MetricRegistry
{
    static readonly Dictionary<string, Func<string, Metric>> Factories = new()
    {
        ["accuracy"] = n => new Accuracy(n),
        ["acc"] = n => new Accuracy(n),
        ["Accuracy"] = n => new Accuracy(n),
        ["binary_accuracy"] = n => new BinaryAccuracy(n),
        ["BinaryAccuracy"] = n => new BinaryAccuracy(n),
        ["categorical_accuracy"] = n => new CategoricalAccuracy(n),
        ["CategoricalAccuracy"] = n => new CategoricalAccuracy(n),
        ["sparse_categorical_accuracy"] = n => new SparseCategoricalAccuracy(n),
        ["SparseCategoricalAccuracy"] = n => new SparseCategoricalAccuracy(n),
        ["top_k_categorical_accuracy"] = n => new TopKCategoricalAccuracy(name: n),
        ["TopKCategoricalAccuracy"] = n => new TopKCategoricalAccuracy(name: n),
        ["sparse_top_k_categorical_accuracy"] = n => new SparseTopKCategoricalAccuracy(name: n),
        ["SparseTopKCategoricalAccuracy"] = n => new SparseTopKCategoricalAccuracy(name: n),
        ["mean_squared_error"] = n => new MeanSquaredError(n),
        ["mse"] = n => new MeanSquaredError(n),
        ["MSE"] = n => new MeanSquaredError(n),
        ["MeanSquaredError"] = n => new MeanSquaredError(n),
        ["mean_absolute_error"] = n => new MeanAbsoluteError(n),
        ["mae"] = n => new MeanAbsoluteError(n),
        ["MAE"] = n => new MeanAbsoluteError(n),
        ["MeanAbsoluteError"] = n => new MeanAbsoluteError(n),
        ["root_mean_squared_error"] = n => new RootMeanSquaredError(n),
        ["RootMeanSquaredError"] = n => new RootMeanSquaredError(n),
        ["binary_crossentropy"] = n => new BinaryCrossentropy(n),
        ["bce"] = n => new BinaryCrossentropy(n),
        ["BCE"] = n => new BinaryCrossentropy(n),
        ["BinaryCrossentropy"] = n => new BinaryCrossentropy(n),
        ["categorical_crossentropy"] = n => new CategoricalCrossentropy(n),
        ["CategoricalCrossentropy"] = n => new CategoricalCrossentropy(n),
        ["sparse_categorical_crossentropy"] = n => new SparseCategoricalCrossentropy(n),
        ["SparseCategoricalCrossentropy"] = n => new SparseCategoricalCrossentropy(n),
        ["auc"] = n => new AUC(name: n),
        ["AUC"] = n => new AUC(name: n),
        ["precision"] = n => new Precision(name: n),
        ["Precision"] = n => new Precision(name: n),
        ["recall"] = n => new Recall(name: n),
        ["Recall"] = n => new Recall(name: n),
        ["mean_absolute_percentage_error"] = n => new MeanAbsolutePercentageError(n),
        ["mape"] = n => new MeanAbsolutePercentageError(n),
        ["MAPE"] = n => new MeanAbsolutePercentageError(n),
        ["MeanAbsolutePercentageError"] = n => new MeanAbsolutePercentageError(n),
        ["mean_squared_logarithmic_error"] = n => new MeanSquaredLogarithmicError(n),
        ["msle"] = n => new MeanSquaredLogarithmicError(n),
        ["MSLE"] = n => new MeanSquaredLogarithmicError(n),
        ["MeanSquaredLogarithmicError"] = n => new MeanSquaredLogarithmicError(n),
        ["log_cosh_error"] = n => new LogCoshError(n),
        ["logcosh"] = n => new LogCoshError(n),
        ["LogCoshError"] = n => new LogCoshError(n),
        ["cosine_similarity"] = n => new CosineSimilarity(n),
        ["CosineSimilarity"] = n => new CosineSimilarity(n),
        ["hinge"] = n => new Hinge(n),
        ["Hinge"] = n => new Hinge(n),
        ["squared_hinge"] = n => new SquaredHinge(n),
        ["SquaredHinge"] = n => new SquaredHinge(n),
        ["categorical_hinge"] = n => new CategoricalHinge(n),
        ["CategoricalHinge"] = n => new CategoricalHinge(n),
        ["kl_divergence"] = n => new KLDivergence(n),
        ["KLDivergence"] = n => new KLDivergence(n),
        ["poisson"] = n => new Poisson(n),
        ["Poisson"] = n => new Poisson(n),
        ["r2_score"] = n => new R2Score(name: n),
        ["R2Score"] = n => new R2Score(name: n),
        ["f1_score"] = n => new F1Score(name: n),
        ["F1Score"] = n => new F1Score(name: n),
        ["f_beta_score"] = n => new FBetaScore(name: n),
        ["FBetaScore"] = n => new FBetaScore(name: n),
        ["true_positives"] = n => new TruePositives(name: n),
        ["TruePositives"] = n => new TruePositives(name: n),
        ["false_positives"] = n => new FalsePositives(name: n),
        ["FalsePositives"] = n => new FalsePositives(name: n),
        ["true_negatives"] = n => new TrueNegatives(name: n),
        ["TrueNegatives"] = n => new TrueNegatives(name: n),
        ["false_negatives"] = n => new FalseNegatives(name: n),
        ["FalseNegatives"] = n => new FalseNegatives(name: n),
        ["binary_io_u"] = n => new BinaryIoU(name: n),
        ["BinaryIoU"] = n => new BinaryIoU(name: n),
        ["mean"] = n => new Mean(n),
        ["Mean"] = n => new Mean(n),
        ["sum"] = n => new Sum(n),
        ["Sum"] = n => new Sum(n),
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>
    /// A new metric for <paramref name="name"/>, named so; an unknown name is an error listing the known ones.
    /// <c>"accuracy"</c> here is plain <see cref="Accuracy"/> (exact equality); use <see cref="Resolve(string, Loss, int[], int[])"/>
    /// to pick the accuracy that fits the targets as <c>compile</c> does.
    /// </summary>
    /// <param name="name">A Keras metric name or alias, e.g. <c>mae</c> or <c>sparse_categorical_accuracy</c>.</param>
    public static Metric Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var make)
            ? make(name)
            : throw new ArgumentException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", Factories.Keys)}.", nameof(name));
    }

    /// <summary>
    /// Keras's <c>compile_utils.get_metric</c>: <c>"accuracy"</c>/<c>"acc"</c> (any case) become
    /// <see cref="BinaryAccuracy"/> when the loss is binary crossentropy or the predictions' last dimension is 1,
    /// else <see cref="SparseCategoricalAccuracy"/> when the loss is sparse categorical crossentropy or the targets have
    /// fewer dimensions than the predictions (or a last dimension of 1 against several classes), else
    /// <see cref="CategoricalAccuracy"/>; <c>"crossentropy"</c>/<c>"ce"</c> pick the crossentropy metric the same way.
    /// Other names go to <see cref="Get"/>. The metric keeps the name given (<c>"acc"</c> logs as <c>acc</c>).
    /// </summary>
    /// <param name="name">The metric name given to <c>Compile</c>.</param>
    /// <param name="loss">The compiled loss, or null when unknown.</param>
    /// <param name="yTrueShape">The shape of a batch of targets.</param>
    /// <param name="yPredShape">The shape of a batch of predictions.</param>
    public static Metric Resolve(string name, Loss? loss, IReadOnlyList<long> yTrueShape, IReadOnlyList<long> yPredShape)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.ToLowerInvariant();
        var isAccuracy = lower is "accuracy" or "acc";
        if (!isAccuracy && lower is not ("crossentropy" or "ce")) return Get(name);
        var (binaryShape, sparseShape) = TargetKind.Of(yTrueShape, yPredShape, $"metric '{name}'");
        var isBinary = loss is Losses.BinaryCrossentropy || binaryShape;
        var isSparse = loss is Losses.SparseCategoricalCrossentropy || sparseShape;
        if (isBinary) return isAccuracy ? new BinaryAccuracy(name) : new BinaryCrossentropy(name);
        if (isSparse) return isAccuracy ? new SparseCategoricalAccuracy(name) : new SparseCategoricalCrossentropy(name);
        return isAccuracy ? new CategoricalAccuracy(name) : new CategoricalCrossentropy(name);
    }

    /// <inheritdoc cref="Resolve(string, Loss, IReadOnlyList{long}, IReadOnlyList{long})"/>
    public static Metric Resolve(string name, Loss? loss, int[] yTrueShape, int[] yPredShape)
    {
        ArgumentNullException.ThrowIfNull(yTrueShape);
        ArgumentNullException.ThrowIfNull(yPredShape);
        return Resolve(name, loss, yTrueShape.Select(d => (long)d).ToArray(), yPredShape.Select(d => (long)d).ToArray());
    }
}
