using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class ReductionMetricTests : KerasTestBase
{
    [TestMethod]
    public void MeanOfZeroToFourIsTwo()
    {
        var meanTracker = new Mean();
        for (var i = 0; i < 5; i++) meanTracker.UpdateState(i);
        Assert.AreEqual("2.00", $"{meanTracker.Result():F2}");
        Assert.AreEqual("mean", meanTracker.Name);
    }

    [TestMethod]
    public void MeanWeightsValues()
    {
        // Keras's example: [1, 3, 5, 7] → 4; with weights [1, 1, 0, 0] → (1 + 3) / 2 = 2.
        var mean = new Mean();
        mean.UpdateState([1.0, 3, 5, 7]);
        Assert.AreEqual(4.0, (double)mean.Result(), 1e-6);
        mean.ResetState();
        mean.UpdateState([1.0, 3, 5, 7], [1.0, 1, 0, 0]);
        Assert.AreEqual(2.0, (double)mean.Result(), 1e-6);
        mean.UpdateState(10, 2);   // total 4 + 20, count 2 + 2
        Assert.AreEqual(6.0, (double)mean.Result(), 1e-6);
    }

    [TestMethod]
    public void MeanOfRowsAveragesEachSampleFirst()
    {
        // (2, 2) values, weights (2,): each row is averaged, then weighted: (1.5·1 + 3.5·3) / 4 = 3.
        var mean = new Mean();
        mean.UpdateState(Matrix([[1, 2], [3, 4]]), Vector(1, 3));
        Assert.AreEqual(3.0, (double)mean.Result(), 1e-6);
    }

    [TestMethod]
    public void MeanAccumulatesOverBatchesAndResets()
    {
        var mean = new Mean("loss_tracker");
        mean.UpdateState(Vector(1, 2, 3));
        mean.UpdateState(Vector(10));
        Assert.AreEqual(16.0 / 4, (double)mean.Result(), 1e-6);
        CollectionAssert.AreEqual(new[] { "loss_tracker/total", "loss_tracker/count" }, mean.Variables.Select(v => v.Path).ToArray());
        mean.ResetState();
        Assert.AreEqual(0.0, (double)mean.Result(), "divide-no-nan: an empty mean is 0");
        Assert.AreEqual(0f, mean.Count!.ToArray()[0]);
    }

    [TestMethod]
    public void SumAddsWeightedValues()
    {
        var sum = new Sum();
        sum.UpdateState([1.0, 3, 5, 7]);
        Assert.AreEqual(16.0, (double)sum.Result(), 1e-6);
        sum.ResetState();
        sum.UpdateState([1.0, 3, 5, 7], [1.0, 1, 0, 0]);
        Assert.AreEqual(4.0, (double)sum.Result(), 1e-6);
        sum.UpdateState(2.5);
        Assert.AreEqual(6.5, (double)sum.Result(), 1e-6);
        Assert.IsNull(sum.Count);
    }

    [TestMethod]
    public void MeanMetricWrapperAveragesAnyPerSampleFunction()
    {
        var wrapper = new MeanMetricWrapper((t, p) => (t - p).abs().sum(-1), "l1");
        wrapper.UpdateState(Matrix([[1, 2], [0, 0]]), Matrix([[0, 0], [1, 1]]));  // 3 and 2
        wrapper.UpdateState(Matrix([[5, 5]]), Matrix([[5, 4]]), Vector(2));       // 1, weight 2
        Assert.AreEqual((3 + 2 + 2 * 1) / 4.0, (double)wrapper.Result(), 1e-6);
        Assert.AreEqual("l1", wrapper.Name);
    }

    [TestMethod]
    public void BadSampleWeightsAreClear()
    {
        var mean = new Mean();
        var e = Assert.ThrowsExactly<ArgumentException>(() => mean.UpdateState(Vector(1, 2, 3), Vector(1, 2)));
        StringAssert.Contains(e.Message, "mean");
        StringAssert.Contains(e.Message, "(2)");
    }
}
