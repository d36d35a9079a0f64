namespace Microsoft.ML.KerasStyle.Training;

/// <summary>Where Fit, Evaluate and Predict take their batches from: in-memory tensors or a Dataset.</summary>
internal interface IBatchSource
{
    /// <summary>Batches in one pass over the data, when known.</summary>
    int? StepsPerEpoch { get; }

    /// <summary>One pass over the data (reshuffled each call where the source shuffles).</summary>
    IEnumerable<Batch> OneEpoch();

    /// <summary>The argument that gave the data (<c>x</c>, <c>validationData</c>), for errors.</summary>
    string Argument { get; }
}
