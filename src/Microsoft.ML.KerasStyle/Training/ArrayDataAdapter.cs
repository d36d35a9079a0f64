using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// Tensors held in memory, cut into batches (shuffled each epoch when asked). Inputs keep their names so a functional
/// or subclassed model can read them by name; targets carry the output names.
/// </summary>
internal sealed class ArrayDataAdapter
{
    readonly IReadOnlyList<(string? Name, Tensor Value)> inputs;
    readonly IReadOnlyList<(string? Name, Tensor Value)> targets;
    readonly Tensor? sampleWeight;

    public ArrayDataAdapter(IReadOnlyList<(string? Name, Tensor Value)> inputs, IReadOnlyList<(string? Name, Tensor Value)> targets, Tensor? sampleWeight)
    {
        if (inputs.Count == 0) throw new ArgumentException("No input data was given ('x' is empty).");
        Count = inputs[0].Value.shape[0];
        foreach (var (name, value) in inputs.Concat(targets).Concat(sampleWeight is null ? [] : [(Name: (string?)"sampleWeight", Value: sampleWeight)]))
            if (value.dim() == 0 || value.shape[0] != Count)
                throw new ArgumentException(
                    $"Data cardinality is ambiguous: all inputs, targets and sample weights must have the same number of samples. " +
                    $"'{inputs[0].Name ?? "x"}' has {Count} samples but '{name ?? "y"}' has {(value.dim() == 0 ? "none (a scalar)" : value.shape[0].ToString())}.");
        this.inputs = inputs;
        this.targets = targets;
        this.sampleWeight = sampleWeight;
    }

    public long Count { get; }

    /// <summary>These tensors served in batches of <paramref name="batchSize"/>, shuffled each epoch when asked.</summary>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="shuffle">A new order each epoch.</param>
    /// <param name="argument">The argument that gave the tensors, for errors.</param>
    public IBatchSource Batched(int batchSize, bool shuffle, string argument = "x") => new BatchedArrays(this, batchSize, shuffle, argument);

    sealed class BatchedArrays(ArrayDataAdapter data, int batchSize, bool shuffle, string argument) : IBatchSource
    {
        public int? StepsPerEpoch => data.StepsPerEpoch(batchSize);

        public IEnumerable<Batch> OneEpoch() => data.OneEpoch(batchSize, shuffle);

        public string Argument => argument;
    }

    public IReadOnlyList<(string? Name, Tensor Value)> Targets => targets;

    /// <summary>Batches per epoch for <paramref name="batchSize"/> (the last one may be smaller).</summary>
    public int StepsPerEpoch(int batchSize) => (int)((Count + batchSize - 1) / batchSize);

    /// <summary>The first (1 − fraction) of the samples and the rest, as Keras's validation_split cuts them (before shuffling).</summary>
    public (ArrayDataAdapter Train, ArrayDataAdapter Validation) Split(double validationFraction)
    {
        var splitAt = (long)(Count * (1 - validationFraction));
        if (splitAt <= 0 || splitAt >= Count)
            throw new ArgumentException(
                $"Training data contains {Count} samples, which is not sufficient to split it into a validation and training set as specified by " +
                $"validationSplit={validationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}. Either provide more data, or a different value for the validationSplit argument.",
                "validationSplit");
        ArrayDataAdapter Slice(long start, long end) => new(
            inputs.Select(i => (i.Name, i.Value[TensorIndex.Slice(start, end)])).ToList(),
            targets.Select(t => (t.Name, t.Value[TensorIndex.Slice(start, end)])).ToList(),
            sampleWeight?[TensorIndex.Slice(start, end)]);
        return (Slice(0, splitAt), Slice(splitAt, Count));
    }

    /// <summary>The batches of one pass over the data.</summary>
    public IEnumerable<Batch> OneEpoch(int batchSize, bool shuffle)
    {
        // Data-parallel training splits the same shuffled batches on every process (Distribution/SharedOrder).
        Tensor? order = shuffle ? Distribution.SharedOrder.Permutation(Count).DetachFromDisposeScope() : null;
        try
        {
            for (long start = 0; start < Count; start += batchSize)
            {
                var end = Math.Min(start + batchSize, Count);
                yield return Take(order, start, end);
            }
        }
        finally
        {
            order?.Dispose();
        }
    }

    Batch Take(Tensor? order, long start, long end)
    {
        // One slice of the order serves every input and target (an op less per tensor).
        var rows = order?[TensorIndex.Slice(start, end)];
        Tensor Pick(Tensor t) => rows is null ? t[TensorIndex.Slice(start, end)] : t.index_select(0, rows);
        var x = new Inputs();
        foreach (var (name, value) in inputs)
        {
            if (name is not null) x[name] = Pick(value);
            else x.Add(Pick(value));
        }
        var y = new Outputs();
        foreach (var (name, value) in targets)
        {
            if (name is not null) y[name] = Pick(value);
            else y.Add(Pick(value));
        }
        return new Batch(x, y, sampleWeight is null ? null : Pick(sampleWeight));
    }
}
