extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Distribution;
using static TorchSharp.torch;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Batches of an ML.NET data view for <c>Model.Fit</c>: each enumeration (epoch) opens one row cursor and reads
/// <c>batchSize</c> rows at a time into reused managed buffers, each batch becoming one tensor per column, so only a few
/// batches are ever in memory. Unless <c>readAhead</c> is 0 the rows are read on a background thread, that many batches
/// ahead of training (<see cref="BackgroundBatchReader"/>; null picks its default depth); the batches are the same either way. Elements are
/// <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>, x and y by model input/output name when the model has several.
/// </summary>
internal sealed class DataViewBatches : Dataset, IRowShardable
{
    readonly IDataView data;
    readonly ColumnBinding binding;
    readonly int batchSize;
    readonly bool withTargets;
    readonly IReadOnlyDictionary<int, double>? classWeight;
    readonly Func<int, Random?> randomForEpoch;
    readonly int? readAhead;
    readonly string source;
    readonly bool skipNonFinite;
    readonly PoolSourceView? poolSource;
    readonly RowShard? shard;
    int epoch;

    /// <param name="data">The rows.</param>
    /// <param name="binding">The checked columns.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="withTargets">Read labels (and weights) too.</param>
    /// <param name="shuffle">A new row order each epoch.</param>
    /// <param name="seed">Seed of the first epoch's order.</param>
    /// <param name="shufflePoolSize">Rows held by ML.NET's shuffle pool when <paramref name="data"/> cannot shuffle itself.</param>
    /// <param name="classWeight">Loss weight per class index, or null.</param>
    /// <param name="readAhead">Batches read ahead on a background thread; 0 reads on the enumerating thread; null picks <see cref="BackgroundBatchReader.DefaultDepth"/>.</param>
    /// <param name="source">The data, for messages.</param>
    /// <param name="skipNonFinite">Leave out rows with a NaN or infinite value (otherwise they fail the pass).</param>
    public DataViewBatches(IDataView data, ColumnBinding binding, int batchSize, bool withTargets, bool shuffle = false, int seed = 0,
                           int shufflePoolSize = 10_000, IReadOnlyDictionary<int, double>? classWeight = null, int? readAhead = 0,
                           string source = "the IDataView given to Fit", bool skipNonFinite = false)
    {
        if (readAhead is { } depth) ArgumentOutOfRangeException.ThrowIfNegative(depth, nameof(readAhead));
        this.binding = binding;
        this.batchSize = batchSize;
        this.withTargets = withTargets;
        this.classWeight = classWeight;
        this.readAhead = readAhead;
        this.source = source;
        this.skipNonFinite = skipNonFinite;
        if (shuffle && !data.CanShuffle)
        {
            // A pool of rows shuffled as they stream by: bounded memory, whatever the source. The pool never disposes
            // the cursor it reads, so the source goes under it in a view whose cursors each pass closes.
            poolSource = new PoolSourceView(data);
            data = new MLContext(seed).Data.ShuffleRows(poolSource, seed, shufflePoolSize, shuffleSource: false);
        }
        this.data = data;
        randomForEpoch = shuffle ? e => new Random(unchecked(seed + e)) : _ => null;
        if (classWeight is not null && binding.Labels.Count != 1)
            throw new ArgumentException($"{binding.Owner}: ClassWeight applies to a single label column; the model has {binding.Labels.Count} outputs.");
    }

    // Data-parallel training: the same rows in the same order (same seed) on every process, each reading its share.
    DataViewBatches(DataViewBatches all, RowShard shard)
    {
        (data, binding, batchSize, withTargets, classWeight, randomForEpoch, readAhead, poolSource, source, skipNonFinite) =
            (all.data, all.binding, all.batchSize, all.withTargets, all.classWeight, all.randomForEpoch, all.readAhead, all.poolSource, all.source, all.skipNonFinite);
        this.shard = shard;
    }

    /// <summary>The batches of shard <paramref name="index"/> of <paramref name="count"/>: of every <c>batchSize</c> rows read, the rows at positions ≡ index (mod count).</summary>
    public Dataset ForShard(int index, int count, bool training)
    {
        if (training && batchSize % count != 0) throw BatchShards.NotDivisible(batchSize, count);
        return new DataViewBatches(this, new RowShard(index, count, batchSize, DropRemainder: training));
    }

    public override long Cardinality => data.GetRowCount() is { } rows
        ? shard?.Batches(rows) ?? (rows + batchSize - 1) / batchSize
        : UnknownCardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        try
        {
            using var reader = Open(randomForEpoch(epoch++));
            var any = false;
            if (readAhead == 0)
            {
                var buffer = reader.NewBuffer();
                while (reader.Fill(buffer))
                {
                    any = true;
                    yield return Element(reader, buffer);
                }
            }
            else
            {
                // Disposed before the reader (its cursor): the thread has ended by then.
                using var background = new BackgroundBatchReader(reader, readAhead);
                while (background.Next() is { } filled)
                {
                    any = true;
                    var element = Element(reader, filled);
                    background.Recycle(filled);
                    yield return element;
                }
            }
            if (!any && reader.Skipped > 0)
                throw new InvalidOperationException($"{binding.Owner}: every row of {source} ({reader.Skipped}) holds a NaN or infinite value in a column read " +
                    $"({string.Join(", ", reader.Columns.Select(c => $"'{c.Column}'").Distinct())}), so SkipRowsWithNonFiniteValues left none to train on.");
        }
        finally
        {
            // After the shuffle pool's own cursor (disposed with the reader): the cursor the pool read from.
            poolSource?.CloseCursors();
        }
    }

    // The cursor over the columns read and one reader per feature, label and weight column, in that order.
    RowBatchReader Open(Random? random)
    {
        var schema = data.Schema;
        var owner = binding.Owner;
        var active = binding.Features.Select(f => f.Column)
            .Concat(withTargets ? binding.Labels.Select(l => l.Column) : [])
            .Concat(withTargets && binding.WeightColumn is { } w ? [w] : [])
            .Distinct().Select(name => schema[name]).ToList();
        var cursor = data.GetRowCursor(active, random);
        try
        {
            var readers = binding.Features.Select(f => NumericReaders.Values(owner, cursor, schema[f.Column], f.Shape, f.Dtype, "feature")).ToList();
            if (withTargets)
            {
                readers.AddRange(binding.Labels.Select(l => l.Encoding == TargetEncoding.Value
                    ? NumericReaders.Values(owner, cursor, schema[l.Column], l.Shape, ScalarType.Float32, "label")
                    : NumericReaders.Keys(owner, cursor, schema[l.Column], l.ClassCount, l.Encoding == TargetEncoding.OneHot)));
                if (binding.WeightColumn is { } wc) readers.Add(NumericReaders.Values(owner, cursor, schema[wc], [], ScalarType.Float32, "example weight"));
            }
            return new RowBatchReader(owner, cursor, readers, batchSize, source, skipNonFinite, shard);
        }
        catch
        {
            cursor.Dispose();
            throw;
        }
    }

    DatasetElement Element(RowBatchReader reader, BatchBuffer batch)
    {
        var featureCount = binding.Features.Count;
        var x = featureCount == 1
            ? DatasetElement.Component.Leaf(null, reader.Take(batch, 0))
            : DatasetElement.Component.Nested(null, new DatasetElement(binding.Features.Select((f, i) => DatasetElement.Component.Leaf(f.InputName, reader.Take(batch, i)))));
        if (!withTargets) return new DatasetElement([x]);
        var targets = binding.Labels.Select((_, i) => reader.Take(batch, featureCount + i)).ToList();
        var y = targets.Count == 1
            ? DatasetElement.Component.Leaf(null, targets[0])
            : DatasetElement.Component.Nested(null, new DatasetElement(targets.Select((t, i) => DatasetElement.Component.Leaf(binding.Labels[i].OutputName, t))));
        var sampleWeight = binding.WeightColumn is null ? null : reader.Take(batch, featureCount + targets.Count);
        if (classWeight is not null) sampleWeight = ApplyClassWeight(sampleWeight, targets[0], binding.Labels[0]);
        return sampleWeight is null ? new DatasetElement([x, y]) : new DatasetElement([x, y, DatasetElement.Component.Leaf(null, sampleWeight)]);
    }

    Tensor ApplyClassWeight(Tensor? sampleWeight, Tensor target, LabelBinding label)
    {
        var classes = target.dtype == ScalarType.Int64 ? target.reshape(-1)
            : label.Encoding == TargetEncoding.OneHot ? target.argmax(-1) : target.reshape(-1).round().to(ScalarType.Int64);
        var count = Math.Max(label.ClassCount, classWeight!.Keys.DefaultIfEmpty(0).Max() + 1);
        count = Math.Max(count, 2);
        var table = Enumerable.Range(0, count).Select(c => classWeight.TryGetValue(c, out var w) ? (float)w : 1f).ToArray();
        var weights = tensor(table).index_select(0, classes.clamp(0, count - 1));
        return sampleWeight is null ? weights : sampleWeight * weights;
    }
}
