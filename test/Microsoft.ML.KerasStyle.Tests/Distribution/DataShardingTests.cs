extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Distribution;
using Microsoft.ML.KerasStyle.MLNet;
using KeyTypeAttribute = MicrosoftML::Microsoft.ML.Data.KeyTypeAttribute;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>How data is split over processes: parts of a batch, and the rows an ML.NET data view gives each process.</summary>
[TestClass]
public sealed class DataShardingTests : KerasTestBase
{
    [TestMethod]
    [DataRow(32L, 2)]
    [DataRow(33L, 2)]
    [DataRow(10L, 3)]
    [DataRow(2L, 4)]
    public void EvaluationPartsCoverEveryRowOnceInOrder(long rows, int size)
    {
        var parts = Enumerable.Range(0, size).Select(r => BatchShards.Part(rows, r, size)).ToList();
        Assert.AreEqual(0L, parts[0].Start);
        for (var r = 1; r < size; r++) Assert.AreEqual(parts[r - 1].End, parts[r].Start, "contiguous, in rank order");
        Assert.AreEqual(rows, parts[^1].End);
        var lengths = parts.Select(p => p.End - p.Start).ToList();
        Assert.IsTrue(lengths.Max() - lengths.Min() <= 1, "as even as possible");
    }

    [TestMethod]
    [DataRow(32L, 2, 16L)]
    [DataRow(5L, 2, 2L)]
    [DataRow(4L, 3, 1L)]
    [DataRow(1L, 2, 0L)]
    public void TrainingPartsAreEqualAndLeaveTheRemainderOut(long rows, int size, long each)
    {
        var parts = Enumerable.Range(0, size).Select(r => BatchShards.EqualPart(rows, r, size)).ToList();
        Assert.IsTrue(parts.All(p => p.End - p.Start == each));
        for (var r = 1; r < size; r++) Assert.AreEqual(parts[r - 1].End, parts[r].Start);
        Assert.AreEqual(rows - rows % size, parts[^1].End);
    }

    public sealed class Row
    {
        [VectorType(1)]
        public float[] Features { get; set; } = [];

        [KeyType(2)]
        public uint Label { get; set; }
    }

    // The row ids (the feature) each shard reads in one pass over 23 rows in blocks of 8.
    static List<List<float>> RowsPerShard(int count, bool training, bool shuffle)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 23).Select(i => new Row { Features = [i], Label = (uint)(i % 2) }));
        var model = new Sequential([Keras.Input(shape: [1]), new Dense(2, activation: "softmax")]);
        var columns = new KerasColumns(new Dictionary<string, string> { [model.InputNames[0]] = "Features" },
            new Dictionary<string, string> { [model.OutputNames[0]] = "Label" }, new Dictionary<string, string>(), null);
        var binding = ColumnBinding.Create("test", KerasTask.MulticlassClassification, model, columns, data.Schema, withLabels: true);
        var all = new DataViewBatches(data, binding, batchSize: 8, withTargets: true, shuffle: shuffle, seed: 4);
        return Enumerable.Range(0, count).Select(index =>
        {
            var (rows, batches) = (new List<float>(), 0);
            foreach (var batch in ((IRowShardable)all).ForShard(index, count, training))
            {
                rows.AddRange(batch[0].data<float>().ToArray());
                batches++;
            }
            Assert.AreEqual(new RowShard(index, count, 8, training).Batches(23), batches, "the batches RowShard counts for 23 rows");
            return rows;
        }).ToList();
    }

    [TestMethod]
    public void EveryRowOfADataViewIsReadByExactlyOneProcess()
    {
        foreach (var shuffle in new[] { false, true })
        {
            var shards = RowsPerShard(2, training: false, shuffle);
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 23).Select(i => (float)i).ToList(), shards.SelectMany(s => s).ToList(), $"shuffle={shuffle}");
        }
        CollectionAssert.AreEqual(new float[] { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22 }, RowsPerShard(2, training: false, shuffle: false)[0],
            "rows at even positions of each block of 8");
    }

    [TestMethod]
    public void TrainingShardsHaveEqualBatchesAndDropTheLastBlocksRemainder()
    {
        var shards = RowsPerShard(2, training: true, shuffle: true);
        // Blocks of 8, 8 and 7 rows: 4 + 4 + 3 per process; the last block's seventh row is left out this epoch.
        Assert.IsTrue(shards.All(s => s.Count == 11), string.Join(" | ", shards.Select(s => string.Join(",", s))));
        Assert.AreEqual(22, shards.SelectMany(s => s).Distinct().Count(), "disjoint");
        var three = RowsPerShard(3, training: false, shuffle: false);
        CollectionAssert.AreEqual(new float[] { 1, 4, 7, 9, 12, 15, 17, 20 }, three[1], "positions 1, 4, 7 of each block of 8");
    }

    [TestMethod]
    public void TrainingNeedsABatchSizeThatDividesOverTheProcesses()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new Row { Features = [i], Label = 0 }));
        var model = new Sequential([Keras.Input(shape: [1]), new Dense(2, activation: "softmax")]);
        var columns = new KerasColumns(new Dictionary<string, string> { [model.InputNames[0]] = "Features" },
            new Dictionary<string, string> { [model.OutputNames[0]] = "Label" }, new Dictionary<string, string>(), null);
        var binding = ColumnBinding.Create("test", KerasTask.MulticlassClassification, model, columns, data.Schema, withLabels: true);
        var batches = new DataViewBatches(data, binding, batchSize: 9, withTargets: true);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ((IRowShardable)batches).ForShard(0, 2, training: true));
        StringAssert.StartsWith(error.Message, "Global batch size must be divisible by the number of shards. `global_batch_size`=9 and `num_shards`=2 ");
        Assert.IsNotNull(((IRowShardable)batches).ForShard(0, 2, training: false), "evaluation takes uneven parts");
    }
}
