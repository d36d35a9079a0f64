using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Losses;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// The base of metrics that accumulate values: Keras's <c>Sum</c> (a <c>total</c>) and <c>Mean</c> (a <c>total</c>
/// and a <c>count</c>, result <c>total / count</c>). Subclasses feed values through <see cref="Accumulate"/>, which
/// applies sample weights as Keras's <c>reduce_to_samplewise_values</c> does.
/// </summary>
public abstract class Reduce : Metric
{
    /// <summary>Creates the state: <c>total</c>, plus <c>count</c> for a mean.</summary>
    /// <param name="weightedMean">True for a weighted mean (<c>total / count</c>), false for a plain sum.</param>
    /// <param name="name">The name shown in logs. Defaults to the snake_case class name.</param>
    /// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
    protected Reduce(bool weightedMean, string? name = null, string dtype = "float32") : base(name, dtype)
    {
        IsMean = weightedMean;
        Total = AddWeight("total");
        Count = weightedMean ? AddWeight("count") : null;
        computesOwnResult = GetType().GetMethod(nameof(Result), Type.EmptyTypes)?.DeclaringType == typeof(Reduce);
    }

    // Whether Result() is this class's total / count (a subclass may override it, e.g. RootMeanSquaredError).
    readonly bool computesOwnResult;

    /// <summary>Whether the result is <c>total / count</c> (else <c>total</c>).</summary>
    protected bool IsMean { get; }

    /// <summary>The (weighted) sum of the values seen.</summary>
    public Variable Total { get; }

    /// <summary>The (weighted) number of samples seen; null for a sum.</summary>
    public Variable? Count { get; }

    /// <summary>
    /// Adds a batch: values are reduced to one per sample (mean or sum over the non-batch axes that the weights do not
    /// cover), multiplied by <paramref name="sampleWeight"/>, summed into <see cref="Total"/>; <see cref="Count"/>
    /// grows by the sum of the weights, or by the batch size without weights.
    /// </summary>
    /// <param name="values">The values, batch first (a scalar counts as one sample).</param>
    /// <param name="sampleWeight">Per-sample weights broadcastable to the values, or null for every weight 1.</param>
    protected void Accumulate(Tensor values, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var total = Total.Value;
        // The state's dtype and device decide: a batch computed elsewhere (e.g. on a GPU) is brought to the state.
        // Under no_grad nothing is recorded, so no detach is needed; cast only what needs it.
        var dtype = total.dtype;
        if (values.dtype != dtype || values.device_type != total.device_type || values.device_index != total.device_index) values = values.to(dtype, total.device);
        if (sampleWeight is null)
        {
            // One value per sample (means over the other axes), each counting 1: two in-place adds, every training step.
            if (values.dim() > 1) values = ReduceAxes(values, 1, (int)values.dim());
            total.add_(values.sum());
            Count?.Value.add_(Backend.Scalars.Of(values.dim() == 1 ? values.size(0) : 1L));
            return;
        }
        var device = total.device;
        var weight = sampleWeight.detach().to(dtype, device);
        (values, weight) = LossReduction.SameRank(values, weight);
        var weightRank = (int)weight.dim();
        if (values.dim() > weightRank) values = ReduceAxes(values, weightRank, (int)values.dim());
        try
        {
            weight = weight.broadcast_to(values.shape);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException(
                $"Metric '{Name}': sample weights of shape ({string.Join(", ", sampleWeight.shape)}) do not broadcast to the values of shape ({string.Join(", ", values.shape)}).",
                nameof(sampleWeight), e);
        }
        values = values * weight;
        if (weightRank > 1) weight = ReduceAxes(weight, 1, weightRank);
        if (values.dim() > 1) values = ReduceAxes(values, 1, (int)values.dim());
        Total.AssignAdd(values.sum());
        Count?.AssignAdd(weight.sum());
    }

    Tensor ReduceAxes(Tensor x, int from, int to)
    {
        var axes = Enumerable.Range(from, to - from).Select(a => (long)a).ToArray();
        return IsMean ? x.mean(axes) : x.sum(axes);
    }

    /// <summary><c>total / count</c> (0 when nothing was counted) for a mean, <c>total</c> for a sum.</summary>
    public override MetricValue Result()
    {
        // (Kept in step with ResultAsDouble below.)
        var total = Total.Value.detach();
        if (Count is null) return total.clone();
        var count = Count.Value.detach();
        return where(count == 0, zeros_like(total), total / count);
    }

    // Logs read the result after every step. For a scalar float32 or float64 state the division is done on the host:
    // the same IEEE operation in the same precision as Result()'s, without creating four tensors.
    internal override double ResultAsDouble()
    {
        var total = Total.Value;
        if (!computesOwnResult || total.dim() != 0 || Count is { } c && c.Value.dim() != 0) return base.ResultAsDouble();
        switch (total.dtype)
        {
            case ScalarType.Float32:
                {
                    var sum = HostReads.Float(total);
                    if (Count is null) return sum;
                    var count = HostReads.Float(Count.Value);
                    return count == 0 ? 0 : sum / count;
                }
            case ScalarType.Float64:
                {
                    var sum = HostReads.Double(total);
                    if (Count is null) return sum;
                    var count = HostReads.Double(Count.Value);
                    return count == 0 ? 0 : sum / count;
                }
            default:
                return base.ResultAsDouble();
        }
    }
}
