using System.Globalization;
using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>FBetaScore</c>: <c>(1 + β²)·precision·recall / (β²·precision + recall)</c> per class, from counts
/// accumulated over batches of (samples, classes) targets and scores. Without a threshold the highest score of each
/// sample is its predicted class (a row of zeros predicts nothing); with one, every score above it is a positive.
/// The state (<c>true_positives</c>, <c>false_positives</c>, <c>false_negatives</c>, <c>intermediate_weights</c>) is
/// created by the first batch, which fixes the number of classes.
/// </summary>
public class FBetaScore : Metric
{
    static readonly string?[] Averages = [null, "micro", "macro", "weighted"];

    Variable? truePositives, falsePositives, falseNegatives, intermediateWeights;
    long classes;

    /// <summary>Creates the metric.</summary>
    /// <param name="average">
    /// <c>null</c> for one score per class, <c>micro</c> (the counts of all classes pooled), <c>macro</c> (the mean of
    /// the class scores) or <c>weighted</c> (their mean weighted by each class's number of positive targets). Defaults to null.
    /// </param>
    /// <param name="beta">How much more recall counts than precision (&gt; 0). Defaults to 1.</param>
    /// <param name="threshold">Scores above it are positives, in (0, 1]; null takes each sample's highest score. Defaults to null.</param>
    /// <param name="name">The name shown in logs. Defaults to <c>fbeta_score</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public FBetaScore(string? average = null, double beta = 1.0, double? threshold = null, string? name = null, string dtype = "float32")
        : this("FBetaScore", average, beta, threshold, name ?? "fbeta_score", dtype)
    {
    }

    /// <summary>Creates the metric, naming <paramref name="kind"/> in error messages (for <see cref="F1Score"/>).</summary>
    protected FBetaScore(string kind, string? average, double beta, double? threshold, string name, string dtype) : base(name, dtype)
    {
        if (!Averages.Contains(average))
            throw new ArgumentException(
                $"{kind} '{Name}': invalid `average` argument value. Expected one of: {{None, 'micro', 'macro', 'weighted'}}. Received: average={average}.", nameof(average));
        if (!(beta > 0) || !double.IsFinite(beta))
            throw new ArgumentException($"{kind} '{Name}': invalid `beta` argument value. It should be > 0. Received: beta={beta.ToString(CultureInfo.InvariantCulture)}.", nameof(beta));
        if (threshold is { } t && !(t is > 0 and <= 1))
            throw new ArgumentException(
                $"{kind} '{Name}': invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold={t.ToString(CultureInfo.InvariantCulture)}.", nameof(threshold));
        Average = average;
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>How class scores are combined: null, <c>micro</c>, <c>macro</c> or <c>weighted</c>.</summary>
    public string? Average { get; }

    /// <summary>The weight of recall relative to precision.</summary>
    public double Beta { get; }

    /// <summary>The score threshold, or null for each sample's highest score.</summary>
    public double? Threshold { get; }

    /// <summary>Adds a batch.</summary>
    /// <param name="yTrue">0/1 targets, shape (samples, classes).</param>
    /// <param name="yPred">Scores, shape (samples, classes).</param>
    /// <param name="sampleWeight">Per-sample (or per-entry) weights. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Build(yTrue, yPred);
        var dtype = truePositives!.Value.dtype;
        var device = truePositives.Value.device;
        var truth = yTrue.detach().to(dtype, device);
        var scores = yPred.detach().to(dtype, device);
        // Keras: without a threshold, the row maximum (where it is not 0, so an all-zero row predicts nothing).
        var predicted = (Threshold is { } t
            ? scores.gt(t)
            : scores.ge(scores.amax([-1], keepdim: true)) & scores.abs().gt(1e-9)).to(dtype);
        Tensor? weight = null;
        if (sampleWeight is not null)
        {
            weight = sampleWeight.detach().to(dtype, device);
            while (weight.dim() < truth.dim()) weight = weight.unsqueeze(-1);
        }
        truePositives.AssignAdd(WeightedSum(predicted * truth, weight));
        falsePositives!.AssignAdd(WeightedSum(predicted * (1.0 - truth), weight));
        falseNegatives!.AssignAdd(WeightedSum((1.0 - predicted) * truth, weight));
        intermediateWeights!.AssignAdd(WeightedSum(truth, weight));
    }

    Tensor WeightedSum(Tensor values, Tensor? weight)
    {
        if (weight is not null) values = values * weight;
        return Average == "micro" ? values.sum() : values.sum([0]);
    }

    void Build(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.dim() != 2 || yPred.dim() != 2)
            throw new ArgumentException(
                $"{GetType().Name} '{Name}' expects 2D inputs with shape (batch_size, output_dim). Received input shapes: " +
                $"y_pred.shape=({string.Join(", ", yPred.shape)}) and y_true.shape=({string.Join(", ", yTrue.shape)}).");
        if (truePositives is not null)
        {
            if (yPred.shape[1] != classes)
                throw new ArgumentException(
                    $"{GetType().Name} '{Name}' was built for {classes} classes by its first batch; this batch has predictions of shape ({string.Join(", ", yPred.shape)}).");
            return;
        }
        classes = yPred.shape[1];
        int[] shape = Average == "micro" ? [] : [(int)classes];
        truePositives = AddWeight("true_positives", shape);
        falsePositives = AddWeight("false_positives", shape);
        falseNegatives = AddWeight("false_negatives", shape);
        intermediateWeights = AddWeight("intermediate_weights", shape);
    }

    /// <summary>The F-beta score: one per class without <see cref="Average"/>, else a scalar.</summary>
    public override MetricValue Result()
    {
        if (truePositives is null)
            throw new InvalidOperationException($"{GetType().Name} '{Name}' has no result yet: its first UpdateState fixes the number of classes.");
        const double epsilon = LossFunctions.Epsilon;
        var tp = truePositives.Value.detach();
        var precision = tp / (tp + falsePositives!.Value.detach() + epsilon);
        var recall = tp / (tp + falseNegatives!.Value.detach() + epsilon);
        var betaSquared = Beta * Beta;
        var score = precision * recall / (betaSquared * precision + recall + epsilon) * (1 + betaSquared);
        if (Average == "weighted")
        {
            var weights = intermediateWeights!.Value.detach();
            return (score * (weights / (weights.sum() + epsilon))).sum();
        }
        return Average is null ? score : score.mean();
    }

    // Training logs hold one number per metric; Keras logs the per-class array, which they cannot.
    internal override double ResultAsDouble() => Average is null
        ? throw new InvalidOperationException(
            $"{GetType().Name} '{Name}' gives one score per class (average=None), and the training logs take one number per metric. " +
            "Pass average: \"macro\", \"micro\" or \"weighted\" to log it, or read Result() for the per-class scores.")
        : base.ResultAsDouble();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["average"] = Average;
        config["beta"] = Beta;
        config["threshold"] = Threshold;
        return config;
    }
}
