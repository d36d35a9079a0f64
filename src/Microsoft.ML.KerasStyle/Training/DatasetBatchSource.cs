using Microsoft.ML.KerasStyle.Data;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>A <see cref="Dataset"/> of batches, matched to a model's input and output names.</summary>
internal sealed class DatasetBatchSource(Dataset dataset, IReadOnlyList<string>? inputNames, IReadOnlyList<string>? outputNames, string argument) : IBatchSource
{
    public int? StepsPerEpoch => dataset.Cardinality switch
    {
        Dataset.InfiniteCardinality => null,
        < 0 => null,
        var n => checked((int)n),
    };

    public bool IsInfinite => dataset.Cardinality == Dataset.InfiniteCardinality;

    public IEnumerable<Batch> OneEpoch() => dataset.AsBatches(inputNames, outputNames);

    public string Argument => argument;
}
