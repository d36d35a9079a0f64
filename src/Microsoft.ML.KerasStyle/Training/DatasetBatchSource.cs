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

    /// <summary>The dataset read.</summary>
    public Dataset Dataset => dataset;

    /// <summary>The same matching of names over another dataset.</summary>
    public DatasetBatchSource WithDataset(Dataset other) => new(other, inputNames, outputNames, argument);
}
