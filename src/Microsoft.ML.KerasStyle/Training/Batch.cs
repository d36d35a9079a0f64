using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// One batch as <c>TrainStep</c>, <c>TestStep</c> and <c>PredictStep</c> receive it: inputs, targets (empty when
/// predicting) and optional per-sample weights. Deconstructs as <c>var (inputs, targets) = data;</c>.
/// </summary>
/// <param name="X">The inputs, by position and (for functional models) by input name.</param>
/// <param name="Y">The targets in output order, named after the outputs where known.</param>
/// <param name="SampleWeight">Per-sample weights, or null.</param>
public sealed record Batch(Inputs X, Outputs Y, Tensor? SampleWeight = null)
{
    /// <summary>Number of samples.</summary>
    public long Size => X[0].size(0);

    /// <summary>Inputs and targets.</summary>
    public void Deconstruct(out Inputs x, out Outputs y) => (x, y) = (X, Y);

    /// <summary>Inputs, targets and sample weights.</summary>
    public void Deconstruct(out Inputs x, out Outputs y, out Tensor? sampleWeight) => (x, y, sampleWeight) = (X, Y, SampleWeight);
}
