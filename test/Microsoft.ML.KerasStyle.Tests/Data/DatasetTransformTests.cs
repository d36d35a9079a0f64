using Microsoft.ML.KerasStyle.Data;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;

namespace Microsoft.ML.KerasStyle.Tests.Data;

[TestClass]
public sealed class DatasetTransformTests : KerasTestBase
{
    [TestMethod]
    public void BatchStacksComponentsAndKeepsTheRemainder()
    {
        var batches = Dataset.FromTensorSlices(Rows(7), Labels(7)).Batch(3).ToList();
        Assert.HasCount(3, batches);
        var (x, y) = Dataset.FromTensorSlices(Rows(7), Labels(7)).Batch(3).First();
        CollectionAssert.AreEqual(new long[] { 3, 3 }, x.shape);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 10, 11, 12, 20, 21, 22 }, Floats(x));
        CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, Longs(y));
        var sizes = Dataset.FromTensorSlices(Rows(7), Labels(7)).Batch(3).Select(b => b[1].shape[0]).ToArray();
        CollectionAssert.AreEqual(new long[] { 3, 3, 1 }, sizes);
        Assert.AreEqual(3, Dataset.FromTensorSlices(Rows(7)).Batch(3).Cardinality);
    }

    [TestMethod]
    public void BatchCanDropTheRemainder()
    {
        var dataset = Dataset.FromTensorSlices(Rows(7), Labels(7)).Batch(3, dropRemainder: true);
        Assert.AreEqual(2, dataset.Cardinality);
        CollectionAssert.AreEqual(new long[] { 3, 3 }, dataset.Select(b => b[1].shape[0]).ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 4, 5 }, Longs(dataset.Skip(1).First()[1]));
    }

    [TestMethod]
    public void BatchAfterShuffleStacksTheShuffledElements()
    {
        var order = Dataset.FromTensorSlices(Labels(10)).Shuffle(10, seed: 8).Select(e => Long(e[0])).ToArray();
        // The same seed: the batched pipeline stacks that very order, 4 + 4 + 2.
        var batches = Dataset.FromTensorSlices(Rows(10), Labels(10)).Shuffle(10, seed: 8).Batch(4).ToList();
        var batched = Dataset.FromTensorSlices(Rows(10), Labels(10)).Shuffle(10, seed: 8).Batch(4).SelectMany(b => Longs(b[1])).ToArray();
        Assert.HasCount(3, batches);
        CollectionAssert.AreEqual(order, batched);
        foreach (var (x, y) in Dataset.FromTensorSlices(Rows(10), Labels(10)).Shuffle(10, seed: 8).Batch(4))
        {
            var labels = Longs(y);
            var firstColumn = Floats(x.select(1, 0));
            for (var i = 0; i < labels.Length; i++) Assert.AreEqual(labels[i] * 10f, firstColumn[i], "rows stay with their labels");
        }
    }

    [TestMethod]
    public void BatchOfDifferentShapesIsAClearError()
    {
        var ragged = Dataset.FromGenerator(() => [new DatasetElement(ones(2)), new DatasetElement(ones(3))]).Batch(2);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ragged.First());
        StringAssert.Contains(error.Message, "[2]");
        StringAssert.Contains(error.Message, "[3]");
    }

    [TestMethod]
    public void MapTransformsEachElement()
    {
        var scaled = Dataset.FromTensorSlices(Rows(3), Labels(3)).Map((x, y) => (x / 10f, y + 1));
        var (x1, y1) = scaled.Skip(1).First();
        CollectionAssert.AreEqual(new float[] { 1f, 1.1f, 1.2f }, Floats(x1));
        Assert.AreEqual(2, Long(y1));

        var single = Dataset.FromTensorSlices(Labels(4)).Map(e => e[0] * e[0]);
        CollectionAssert.AreEqual(new long[] { 0, 1, 4, 9 }, single.Select(e => Long(e[0])).ToArray());

        var named = Dataset.FromTensorSlices(Rows(2), Labels(2)).Map(e => new Dictionary<string, Tensor> { ["features"] = e[0], ["label"] = e[1] });
        CollectionAssert.AreEqual(new[] { "features", "label" }, named.First().Names.ToArray());

        var threeParts = Dataset.FromTensorSlices(Rows(2), Labels(2), ones(2)).Map((x, y, w) => (x, y, w * 2));
        var (_, _, weight) = threeParts.First();
        Assert.AreEqual(2f, weight.item<float>());
    }

    [TestMethod]
    public void MapThenBatch()
    {
        var batch = Dataset.FromTensorSlices(Rows(5), Labels(5)).Map((x, y) => (x.sum(), y * 2)).Batch(5).First();
        // Row sums: 30i + 3 for i = 0..4.
        CollectionAssert.AreEqual(new float[] { 3, 33, 63, 93, 123 }, Floats(batch[0]));
        CollectionAssert.AreEqual(new long[] { 0, 2, 4, 6, 8 }, Longs(batch[1]));
    }

    [TestMethod]
    public void RepeatTakeSkipAndTheirCardinalities()
    {
        var five = Dataset.FromTensorSlices(Labels(5));
        long[] Values(Dataset d) => d.Select(e => Long(e[0])).ToArray();

        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }, Values(five.Repeat(2)));
        Assert.AreEqual(10, five.Repeat(2).Cardinality);
        Assert.AreEqual(Dataset.InfiniteCardinality, five.Repeat().Cardinality);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3, 4, 0, 1 }, Values(five.Repeat().Take(7)));
        Assert.AreEqual(7, five.Repeat().Take(7).Cardinality);

        CollectionAssert.AreEqual(new long[] { 0, 1 }, Values(five.Take(2)));
        Assert.AreEqual(2, five.Take(2).Cardinality);
        Assert.AreEqual(5, five.Take(9).Cardinality);
        Assert.AreEqual(0, five.Take(0).Cardinality);
        Assert.IsEmpty(Values(five.Take(0)));

        CollectionAssert.AreEqual(new long[] { 3, 4 }, Values(five.Skip(3)));
        Assert.AreEqual(2, five.Skip(3).Cardinality);
        Assert.AreEqual(0, five.Skip(8).Cardinality);
        Assert.IsEmpty(Values(five.Skip(8)));
        Assert.AreEqual(Dataset.InfiniteCardinality, five.Repeat().Skip(3).Cardinality);

        CollectionAssert.AreEqual(new long[] { 2, 3 }, Values(five.Skip(2).Take(2)));
        Assert.AreEqual(0, five.Repeat(0).Cardinality);
        Assert.IsEmpty(Values(five.Repeat(0)));
        Assert.AreEqual(0, five.Take(0).Repeat().Cardinality);
        Assert.IsEmpty(Values(five.Take(0).Repeat()), "repeating an empty dataset ends");

        // Batch and Map keep (or derive) the cardinality; a generator's is unknown unless given.
        Assert.AreEqual(3, five.Repeat(2).Batch(4).Cardinality);
        Assert.AreEqual(2, five.Repeat(2).Batch(4, dropRemainder: true).Cardinality);
        Assert.AreEqual(Dataset.InfiniteCardinality, five.Repeat().Batch(4).Cardinality);
        Assert.AreEqual(5, five.Map(e => e).Shuffle(2).Prefetch(1).Cardinality);
        var generated = Dataset.FromGenerator(() => [new DatasetElement(ones(1))]);
        Assert.AreEqual(Dataset.UnknownCardinality, generated.Cardinality);
        Assert.AreEqual(Dataset.UnknownCardinality, generated.Batch(2).Cardinality);
        Assert.AreEqual(Dataset.InfiniteCardinality, generated.Repeat().Cardinality);
        Assert.AreEqual(3, Dataset.FromGenerator(() => [], cardinality: 3).Cardinality);
    }

    [TestMethod]
    public void TakeDoesNotProduceTheNextElement()
    {
        var produced = 0;
        var counted = Dataset.FromTensorSlices(Labels(10)).Map(e => { produced++; return e; });
        Assert.HasCount(3, counted.Take(3).ToList());
        Assert.AreEqual(3, produced);
    }

    [TestMethod]
    public void BadCountsAreClearErrors()
    {
        var d = Dataset.FromTensorSlices(Labels(3));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Batch(0)).Message, "batchSize");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Take(-1)).Message, "count");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Skip(-1)).Message, "count");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Repeat(-1)).Message, "count");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => d.Prefetch(-2)).Message, "bufferSize");
        Assert.AreSame(d, d.Prefetch(0));
    }

    [TestMethod]
    public void ZipPairsDatasetsAndEndsWithTheShortest()
    {
        var inputs = Dataset.FromTensorSlices(new Dictionary<string, Tensor> { ["title"] = Rows(4), ["tags"] = Labels(4) });
        var targets = Dataset.FromTensorSlices(Labels(3) * 5);
        var zipped = Dataset.Zip(inputs, targets);
        Assert.AreEqual(3, zipped.Cardinality);
        var elements = zipped.Select(e => (Title: Floats(e.Group(0)["title"])[0], Target: Long(e[1]))).ToList();
        CollectionAssert.AreEqual(new[] { (0f, 0L), (10f, 5L), (20f, 10L) }, elements);
        Assert.AreEqual(Dataset.InfiniteCardinality, Dataset.Zip(targets.Repeat(), targets.Repeat()).Cardinality);
        Assert.AreEqual(3, Dataset.Zip(targets.Repeat(), targets).Cardinality);
        Assert.AreEqual(Dataset.UnknownCardinality, Dataset.Zip(targets, Dataset.FromGenerator(() => [])).Cardinality);
    }

    [TestMethod]
    public void PrefetchKeepsOrderAndContent()
    {
        // Two pipelines with the same seed (one pipeline enumerated twice would reshuffle).
        Dataset Pipeline() => Dataset.FromTensorSlices(Rows(23), Labels(23)).Shuffle(23, seed: 4).Map((x, y) => (x * 2f, y)).Batch(5);
        var expected = Pipeline().Select(b => (Floats(b[0]), Longs(b[1]))).ToList();
        var prefetched = Pipeline().Prefetch(3).Select(b => (Floats(b[0]), Longs(b[1]))).ToList();
        Assert.HasCount(expected.Count, prefetched);
        for (var i = 0; i < expected.Count; i++)
        {
            CollectionAssert.AreEqual(expected[i].Item1, prefetched[i].Item1);
            CollectionAssert.AreEqual(expected[i].Item2, prefetched[i].Item2);
        }
        Assert.HasCount(5, Pipeline().Prefetch(Dataset.Autotune).ToList());
    }

    [TestMethod]
    public void PrefetchRethrowsPipelineErrorsAfterEarlierElements()
    {
        var failing = Dataset.FromTensorSlices(Labels(5)).Map(e => Long(e[0]) == 3 ? throw new InvalidOperationException("bad element 3") : e).Prefetch(2);
        var seen = new List<long>();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
        {
            foreach (var e in failing) seen.Add(Long(e[0]));
        });
        Assert.AreEqual("bad element 3", error.Message);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, seen);
    }

    [TestMethod]
    public void PrefetchStopsCleanlyWhenTheLoopBreaks()
    {
        // An infinite upstream: breaking out must stop the producer thread and release what it had queued. (The element
        // current at the break goes to the enclosing scope, released here by the round's scope.)
        var infinite = Dataset.FromTensorSlices(Rows(8)).Repeat().Map(e => e[0] + 1f).Prefetch(4);
        var before = Tensor.TotalCount;
        for (var round = 0; round < 20; round++)
        {
            using var roundScope = NewDisposeScope();
            var n = 0;
            foreach (var e in infinite)
                if (++n == 5) break;
        }
        var leaked = Tensor.TotalCount - before;
        Assert.IsTrue(leaked <= 2, $"{leaked} tensors left alive after 20 interrupted prefetching loops");
        Assert.HasCount(3, infinite.Take(3).ToList());
    }
}
