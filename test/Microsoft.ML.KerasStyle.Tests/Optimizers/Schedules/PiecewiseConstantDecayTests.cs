using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class PiecewiseConstantDecayTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0L, 1.0)]
    [DataRow(100L, 1.0)]  // step ≤ boundaries[0]: the boundary itself keeps the earlier value
    [DataRow(101L, 0.5)]  // 100 < step ≤ 110
    [DataRow(110L, 0.5)]
    [DataRow(111L, 0.1)]  // after the last boundary
    [DataRow(10_000L, 0.1)]
    public void ValuesChangeAfterEachBoundary(long step, double expected) =>
        Assert.AreEqual(expected, new PiecewiseConstantDecay([100, 110], [1.0, 0.5, 0.1]).Call(step));

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new PiecewiseConstantDecay([100, 110], [1.0, 0.5, 0.1]).GetConfig();
        CollectionAssert.AreEqual(new[] { "boundaries", "values", "name" }, config.Keys.ToArray());
        CollectionAssert.AreEqual(new List<long> { 100, 110 }, (System.Collections.ICollection)config["boundaries"]!);
        CollectionAssert.AreEqual(new List<double> { 1.0, 0.5, 0.1 }, (System.Collections.ICollection)config["values"]!);
        Assert.AreEqual("PiecewiseConstant", config["name"]);
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        var lengths = Assert.ThrowsExactly<ArgumentException>(() => new PiecewiseConstantDecay([100, 110], [1.0, 0.5]));
        StringAssert.Contains(lengths.Message, "1 less than the length of values");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PiecewiseConstantDecay([110, 100], [1.0, 0.5, 0.1])).Message, "non-decreasing");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PiecewiseConstantDecay([], [1.0])).Message, "at least one");
    }
}
