using System.Globalization;
using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>R2Score</c>, the coefficient of determination: <c>1 − Σ(y − ŷ)² / Σ(y − ȳ)²</c> per output, from sums
/// accumulated over batches of (samples, outputs), then combined by <c>classAggregation</c>; with
/// <c>numRegressors</c> = p &gt; 0 the adjusted score <c>1 − (1 − R²)(n − 1)/(n − p − 1)</c>. A constant target gives
/// an infinite ratio, which counts as 0 (Keras's rule). The per-output state (<c>squared_sum</c>, <c>sum</c>,
/// <c>residual</c>, <c>count</c>) is created by the first batch.
/// </summary>
public class R2Score : Metric
{
    static readonly string?[] Aggregations = [null, "uniform_average", "variance_weighted_average"];

    Variable? squaredSum, sum, residual, count;
    long outputs;
    bool warned;

    /// <summary>Creates the metric.</summary>
    /// <param name="classAggregation">
    /// <c>uniform_average</c> (the mean of the outputs' scores), <c>variance_weighted_average</c> (weighted by each
    /// output's variance) or null (one score per output). Defaults to <c>uniform_average</c>.
    /// </param>
    /// <param name="numRegressors">The number of independent variables, for the adjusted R² (0 for the plain score). Defaults to 0.</param>
    /// <param name="name">The name shown in logs. Defaults to <c>r2_score</c>.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    public R2Score(string? classAggregation = "uniform_average", int numRegressors = 0, string? name = null, string dtype = "float32")
        : base(name ?? "r2_score", dtype)
    {
        if (!Aggregations.Contains(classAggregation))
            throw new ArgumentException(
                $"R2Score '{Name}': invalid value for argument `class_aggregation`. Expected one of (None, 'uniform_average', 'variance_weighted_average'). " +
                $"Received: class_aggregation={classAggregation}.", nameof(classAggregation));
        if (numRegressors < 0)
            throw new ArgumentException(
                $"R2Score '{Name}': invalid value for argument `num_regressors`. Expected a value >= 0. Received: num_regressors={numRegressors}.", nameof(numRegressors));
        ClassAggregation = classAggregation;
        NumRegressors = numRegressors;
        NumSamples = AddWeight("num_samples");
    }

    /// <summary>How the outputs' scores are combined.</summary>
    public string? ClassAggregation { get; }

    /// <summary>The number of independent variables of the adjusted score (0: plain R²).</summary>
    public int NumRegressors { get; }

    /// <summary>The number of samples seen with a non-zero weight on at least one output.</summary>
    public Variable NumSamples { get; }

    /// <summary>Adds a batch.</summary>
    /// <param name="yTrue">Targets, shape (samples, outputs).</param>
    /// <param name="yPred">Predictions, shape (samples, outputs).</param>
    /// <param name="sampleWeight">Per-sample weights, shape (samples,), or per entry. Defaults to none (every weight 1).</param>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (dtype, device) = (NumSamples.Value.dtype, NumSamples.Value.device);
        var (truth, predicted) = Losses.LossReduction.SameRank(yTrue.detach().to(dtype, device), yPred.detach().to(dtype, device));
        Build(truth, predicted);
        var weight = sampleWeight is null ? ones_like(truth) : sampleWeight.detach().to(dtype, device);
        if (weight.dim() == 1) weight = weight.unsqueeze(1);
        try
        {
            weight = weight.broadcast_to(truth.shape);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException(
                $"R2Score '{Name}': sample weights of shape ({string.Join(", ", sampleWeight!.shape)}) do not broadcast to the targets of shape ({string.Join(", ", truth.shape)}).", e);
        }
        var weightedTruth = truth * weight;
        sum!.AssignAdd(weightedTruth.sum([0]));
        squaredSum!.AssignAdd((truth * weightedTruth).sum([0]));
        residual!.AssignAdd(((truth - predicted).square() * weight).sum([0]));
        count!.AssignAdd(weight.sum([0]));
        NumSamples.AssignAdd(weight.ne(0).any(-1).to(dtype).sum());
    }

    void Build(Tensor truth, Tensor predicted)
    {
        if (truth.dim() != 2 || predicted.dim() != 2 || !truth.shape.SequenceEqual(predicted.shape))
            throw new ArgumentException(
                $"R2Score '{Name}' expects 2D inputs with shape (batch_size, output_dim). Received input shapes: " +
                $"y_pred.shape=({string.Join(", ", predicted.shape)}) and y_true.shape=({string.Join(", ", truth.shape)}).");
        if (sum is not null)
        {
            if (predicted.shape[1] != outputs)
                throw new ArgumentException($"R2Score '{Name}' was built for {outputs} outputs by its first batch; this batch has {predicted.shape[1]}.");
            return;
        }
        outputs = predicted.shape[1];
        int[] shape = [(int)outputs];
        squaredSum = AddWeight("squared_sum", shape);
        sum = AddWeight("sum", shape);
        residual = AddWeight("residual", shape);
        count = AddWeight("count", shape);
    }

    /// <summary>The (adjusted) R²: a scalar, or one per output when <see cref="ClassAggregation"/> is null.</summary>
    public override MetricValue Result()
    {
        if (sum is null) throw new InvalidOperationException($"R2Score '{Name}' has no result yet: its first UpdateState fixes the number of outputs.");
        var s = sum.Value.detach();
        var mean = s / count!.Value.detach();
        var total = squaredSum!.Value.detach() - s * mean;
        var raw = 1.0 - residual!.Value.detach() / total;
        raw = where(raw.isinf(), zeros_like(raw), raw);
        var score = ClassAggregation switch
        {
            "uniform_average" => raw.mean(),
            "variance_weighted_average" => (total * raw).sum() / total.sum(),
            _ => raw,
        };
        return NumRegressors == 0 ? score : Adjusted(score);
    }

    Tensor Adjusted(Tensor score)
    {
        var n = NumSamples.Value.dtype == ScalarType.Float32 ? HostReads.Float(NumSamples.Value) : NumSamples.Value.to(ScalarType.Float64).item<double>();
        var p = (double)NumRegressors;
        if (p >= n - 1)
        {
            // Keras warns and falls back to the plain score; here once per metric.
            if (!warned)
                Console.Error.WriteLine(p > n - 1
                    ? $"Warning: R2Score '{Name}': more independent predictors ({NumRegressors}) than data points ({n.ToString(CultureInfo.InvariantCulture)}) in adjusted R2 score. Falling back to standard R2 score."
                    : $"Warning: R2Score '{Name}': division by zero in adjusted R2 score (num_regressors = num_samples − 1). Falling back to standard R2 score.");
            warned = true;
            return score;
        }
        return 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0);
    }

    // Training logs hold one number per metric; Keras logs the per-output array, which they cannot.
    internal override double ResultAsDouble() => ClassAggregation is null
        ? throw new InvalidOperationException(
            $"R2Score '{Name}' gives one score per output (class_aggregation=None), and the training logs take one number per metric. " +
            "Pass classAggregation: \"uniform_average\" or \"variance_weighted_average\" to log it, or read Result() for the per-output scores.")
        : base.ResultAsDouble();

    /// <summary>Returns every state variable to zero.</summary>
    public override void ResetState()
    {
        base.ResetState();
        warned = false;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["class_aggregation"] = ClassAggregation;
        config["num_regressors"] = NumRegressors;
        return config;
    }
}
