using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>
/// Keras's <c>Mean</c>: the (weighted) mean of the values given, e.g. a running average of a loss
/// (<c>tracker.UpdateState(loss)</c>, then <c>tracker.Result()</c>).
/// </summary>
/// <param name="name">The name shown in logs. Defaults to <c>mean</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class Mean(string? name = "mean", string dtype = "float32") : Reduce(weightedMean: true, name ?? "mean", dtype)
{
    /// <summary>Adds values (one per sample along the first axis; a scalar is one sample) with optional weights.</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">Per-sample weights. Defaults to none (every weight 1).</param>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null) => Accumulate(values, sampleWeight);

    /// <summary>Adds one value.</summary>
    /// <param name="value">The value.</param>
    public void UpdateState(double value)
    {
        using var scope = NewDisposeScope();
        Accumulate(tensor(value), null);
    }

    /// <summary>Adds one value with a weight.</summary>
    /// <param name="value">The value.</param>
    /// <param name="sampleWeight">Its weight.</param>
    public void UpdateState(double value, double sampleWeight)
    {
        using var scope = NewDisposeScope();
        Accumulate(tensor(value), tensor(sampleWeight));
    }

    /// <summary>Adds several values, each one sample, with optional per-value weights.</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">One weight per value. Defaults to none (every weight 1).</param>
    public void UpdateState(double[] values, double[]? sampleWeight = null)
    {
        using var scope = NewDisposeScope();
        Accumulate(TensorConversions.ToTensor(values, nameof(values)),
                   sampleWeight is null ? null : TensorConversions.ToTensor(sampleWeight, nameof(sampleWeight)));
    }
}
