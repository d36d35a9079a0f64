using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Keras's <c>Sum</c>: the (weighted) sum of every value given.</summary>
/// <param name="name">The name shown in logs. Defaults to <c>sum</c>.</param>
/// <param name="dtype">The dtype of the state. Defaults to <c>float32</c>.</param>
public class Sum(string? name = "sum", string dtype = "float32") : Reduce(weightedMean: false, name ?? "sum", dtype)
{
    /// <summary>Adds values with optional per-sample weights.</summary>
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

    /// <summary>Adds several values with optional per-value weights.</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">One weight per value. Defaults to none (every weight 1).</param>
    public void UpdateState(double[] values, double[]? sampleWeight = null)
    {
        using var scope = NewDisposeScope();
        Accumulate(TensorConversions.ToTensor(values, nameof(values)),
                   sampleWeight is null ? null : TensorConversions.ToTensor(sampleWeight, nameof(sampleWeight)));
    }
}
