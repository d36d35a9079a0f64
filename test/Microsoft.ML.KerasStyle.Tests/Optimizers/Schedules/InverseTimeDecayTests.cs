using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class InverseTimeDecayTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0L, 0.1)]                    // 0.1 / (1 + 0.5·0)
    [DataRow(5L, 0.08)]                   // 0.1 / (1 + 0.5·0.5)
    [DataRow(10L, 0.06666666666666667)]   // 0.1 / 1.5
    [DataRow(30L, 0.04)]                  // 0.1 / 2.5
    public void ContinuousDecay(long step, double expected) =>
        Assert.AreEqual(expected, new InverseTimeDecay(0.1, 10, 0.5).Call(step), 1e-12);

    [TestMethod]
    [DataRow(9L, 0.1)]                    // floor(0.9) = 0
    [DataRow(15L, 0.06666666666666667)]   // floor(1.5) = 1
    [DataRow(29L, 0.05)]                  // floor(2.9) = 2: 0.1 / 2
    public void StaircaseDecay(long step, double expected) =>
        Assert.AreEqual(expected, new InverseTimeDecay(0.1, 10, 0.5, staircase: true).Call(step), 1e-12);

    [TestMethod]
    public void ConfigAndErrors()
    {
        var config = new InverseTimeDecay(0.1, 100, 0.5, staircase: true).GetConfig();
        CollectionAssert.AreEqual(new[] { "initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name" }, config.Keys.ToArray());
        Assert.AreEqual(100L, config["decay_steps"]);
        Assert.AreEqual("InverseTimeDecay", config["name"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new InverseTimeDecay(0.1, 0, 0.5)).Message, "decaySteps must be > 0");
    }
}
