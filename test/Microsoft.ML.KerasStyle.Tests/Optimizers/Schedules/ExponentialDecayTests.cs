using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class ExponentialDecayTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0L, 0.1)]                  // 0.1·0.5^0
    [DataRow(1L, 0.09330329915368074)]  // 0.1·0.5^0.1
    [DataRow(5L, 0.07071067811865475)]  // 0.1·0.5^0.5
    [DataRow(10L, 0.05)]                // 0.1·0.5^1
    [DataRow(25L, 0.017677669529663688)] // 0.1·0.5^2.5
    public void ContinuousDecay(long step, double expected) =>
        Assert.AreEqual(expected, new ExponentialDecay(0.1, 10, 0.5).Call(step), 1e-12);

    [TestMethod]
    [DataRow(0L, 0.1)]   // floor(0/10) = 0
    [DataRow(9L, 0.1)]   // floor(0.9) = 0
    [DataRow(10L, 0.05)] // floor(1) = 1
    [DataRow(25L, 0.025)] // floor(2.5) = 2: 0.1·0.25
    public void StaircaseDecay(long step, double expected) =>
        Assert.AreEqual(expected, new ExponentialDecay(0.1, 10, 0.5, staircase: true).Call(step), 1e-12);

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new ExponentialDecay(0.1, 100, 0.96, staircase: true).GetConfig();
        CollectionAssert.AreEqual(new[] { "initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name" }, config.Keys.ToArray());
        Assert.AreEqual(0.1, config["initial_learning_rate"]);
        Assert.AreEqual(100L, config["decay_steps"]);
        Assert.AreEqual(0.96, config["decay_rate"]);
        Assert.AreEqual(true, config["staircase"]);
        Assert.AreEqual("ExponentialDecay", config["name"]);
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ExponentialDecay(0.1, 0, 0.5)).Message, "decaySteps must be > 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ExponentialDecay(0.1, 10, -0.5)).Message, "decayRate");
    }
}
