using Microsoft.ML.KerasStyle.Data;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;

namespace Microsoft.ML.KerasStyle.Tests.Data;

[TestClass]
public sealed class DatasetShuffleTests : KerasTestBase
{
    static long[] Order(Dataset dataset) => dataset.Select(e => Long(e[0])).ToArray();

    [TestMethod]
    public void ShuffleIsAPermutationThatMovesElements()
    {
        var order = Order(Dataset.FromTensorSlices(Labels(50)).Shuffle(50, seed: 7));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).Select(i => (long)i).ToArray(), order);
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 50).Select(i => (long)i).ToArray(), order);
    }

    [TestMethod]
    public void SameSeedGivesTheSameOrderAndDifferentSeedsDiffer()
    {
        var a = Order(Dataset.FromTensorSlices(Labels(40)).Shuffle(40, seed: 3));
        var b = Order(Dataset.FromTensorSlices(Labels(40)).Shuffle(40, seed: 3));
        var c = Order(Dataset.FromTensorSlices(Labels(40)).Shuffle(40, seed: 4));
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
    }

    [TestMethod]
    public void EachIterationReshufflesReproduciblyUnlessDisabled()
    {
        var dataset = Dataset.FromTensorSlices(Labels(30)).Shuffle(30, seed: 11);
        var first = Order(dataset);
        var second = Order(dataset);
        CollectionAssert.AreNotEqual(first, second);
        CollectionAssert.AreEquivalent(first, second);
        // A dataset built the same way walks through the same sequence of orders.
        var twin = Dataset.FromTensorSlices(Labels(30)).Shuffle(30, seed: 11);
        CollectionAssert.AreEqual(first, Order(twin));
        CollectionAssert.AreEqual(second, Order(twin));

        var fixedOrder = Dataset.FromTensorSlices(Labels(30)).Shuffle(30, seed: 11, reshuffleEachIteration: false);
        CollectionAssert.AreEqual(Order(fixedOrder), Order(fixedOrder));
    }

    [TestMethod]
    public void RepeatAfterShuffleGivesANewOrderEachPass()
    {
        var order = Order(Dataset.FromTensorSlices(Labels(20)).Shuffle(20, seed: 5).Repeat(2));
        Assert.HasCount(40, order);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), order[..20]);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), order[20..]);
        CollectionAssert.AreNotEqual(order[..20], order[20..]);
    }

    [TestMethod]
    public void UnseededShuffleFollowsTheGlobalSeed()
    {
        Keras.Utils.SetRandomSeed(99);
        var a = Order(Dataset.FromTensorSlices(Labels(25)).Shuffle(25));
        Keras.Utils.SetRandomSeed(99);
        var b = Order(Dataset.FromTensorSlices(Labels(25)).Shuffle(25));
        CollectionAssert.AreEqual(a, b);
    }

    [TestMethod]
    public void SmallBufferShufflesLocally()
    {
        // With a buffer of k, the element at output position j was read among the first j + k source elements:
        // output[j] ≤ j + k − 1. And a buffer of 1 keeps the order.
        const int k = 3;
        for (var seed = 0; seed < 5; seed++)
        {
            var order = Order(Dataset.FromTensorSlices(Labels(60)).Shuffle(k, seed: seed));
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 60).Select(i => (long)i).ToArray(), order);
            for (var j = 0; j < order.Length; j++)
                Assert.IsTrue(order[j] <= j + k - 1, $"seed {seed}: output {j} is source element {order[j]}, beyond the buffer");
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => (long)i).ToArray(), Order(Dataset.FromTensorSlices(Labels(10)).Shuffle(1, seed: 1)));
    }

    [TestMethod]
    public void FirstOutputIsUniformOverTheBuffer()
    {
        // tf.data's buffer: the first element is drawn uniformly from the first bufferSize elements. Over 400 seeds each
        // of the 4 candidates should appear about 100 times (a binomial with σ ≈ 8.7; 60..140 is beyond 4σ).
        var counts = new int[10];
        for (var seed = 0; seed < 400; seed++)
            counts[Long(Dataset.FromTensorSlices(Labels(10)).Shuffle(4, seed: seed).First()[0])]++;
        for (var i = 0; i < 4; i++) Assert.IsTrue(counts[i] is > 60 and < 140, $"element {i} came first {counts[i]} times");
        Assert.AreEqual(0, counts.Skip(4).Sum(), "only the buffered elements can come first");
    }

    [TestMethod]
    public void ShuffleOfGroupsKeepsComponentsTogether()
    {
        var dataset = Dataset.FromTensorSlices(new Dictionary<string, Tensor> { ["a"] = Labels(20), ["b"] = Labels(20) * 3 }).Shuffle(20, seed: 2);
        foreach (var element in dataset) Assert.AreEqual(Long(element["a"]) * 3, Long(element["b"]));
    }

    [TestMethod]
    public void BatchesOfShuffledRowsAreTheShuffledRowsStacked()
    {
        // Shuffle → Batch on in-memory rows gathers each batch in one op; a Map in between forces row-by-row stacking.
        // Both must give the same batches, pass after pass (each pass reshuffles), with and without dropRemainder.
        foreach (var (bufferSize, dropRemainder) in new[] { (23, false), (5, true) })
        {
            var gathered = Dataset.FromTensorSlices(Rows(23), Labels(23)).Shuffle(bufferSize, seed: 4).Batch(4, dropRemainder);
            var stacked = Dataset.FromTensorSlices(Rows(23), Labels(23)).Shuffle(bufferSize, seed: 4).Map((x, y) => (x, y)).Batch(4, dropRemainder);
            for (var pass = 0; pass < 2; pass++)
            {
                var a = gathered.Select(e => (Floats(e[0]), Longs(e[1]), e[0].shape)).ToList();
                var b = stacked.Select(e => (Floats(e[0]), Longs(e[1]), e[0].shape)).ToList();
                Assert.HasCount(dropRemainder ? 5 : 6, a);
                Assert.HasCount(b.Count, a);
                for (var i = 0; i < a.Count; i++)
                {
                    CollectionAssert.AreEqual(b[i].Item1, a[i].Item1, $"buffer {bufferSize}, pass {pass}, batch {i}: rows");
                    CollectionAssert.AreEqual(b[i].Item2, a[i].Item2, $"buffer {bufferSize}, pass {pass}, batch {i}: labels");
                    CollectionAssert.AreEqual(b[i].shape, a[i].shape, $"buffer {bufferSize}, pass {pass}, batch {i}: shape");
                }
                // Row i holds 10i, 10i + 1, 10i + 2: each batch's rows match its labels.
                foreach (var (rows, labels, _) in a)
                    CollectionAssert.AreEqual(labels.SelectMany(l => new float[] { l * 10, l * 10 + 1, l * 10 + 2 }).ToArray(), rows);
            }
        }
    }

    [TestMethod]
    public void BufferSizeMustBePositive()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Dataset.FromTensorSlices(Labels(3)).Shuffle(0));
        StringAssert.Contains(error.Message, "bufferSize");
    }
}
