using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class PolynomialDecayTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0L, 0.1)]
    [DataRow(5L, 0.055)]    // 0.09·(1 − 0.5) + 0.01
    [DataRow(10L, 0.01)]
    [DataRow(20L, 0.01)]    // held at the end rate
    public void LinearDecay(long step, double expected) =>
        Assert.AreEqual(expected, new PolynomialDecay(0.1, 10, 0.01).Call(step), 1e-12);

    [TestMethod]
    public void PowerShapesTheCurve() =>
        Assert.AreEqual(0.09 * Math.Sqrt(0.5) + 0.01, new PolynomialDecay(0.1, 10, 0.01, power: 0.5).Call(5), 1e-12);

    [TestMethod]
    [DataRow(0L, 0.1)]      // the multiplier is 1 at step 0
    [DataRow(10L, 0.01)]    // ceil(1) = 1: the end of the first cycle
    [DataRow(15L, 0.0325)]  // ceil(1.5) = 2: decay over 20 steps, 0.09·(1 − 0.75) + 0.01
    [DataRow(21L, 0.037)]   // ceil(2.1) = 3: decay over 30 steps, 0.09·(1 − 0.7) + 0.01
    public void CycleStretchesTheDecay(long step, double expected) =>
        Assert.AreEqual(expected, new PolynomialDecay(0.1, 10, 0.01, cycle: true).Call(step), 1e-12);

    [TestMethod]
    public void DefaultsConfigAndErrors()
    {
        var schedule = new PolynomialDecay(0.1, 100);
        Assert.AreEqual(0.0001, schedule.EndLearningRate);
        Assert.AreEqual(1.0, schedule.Power);
        Assert.IsFalse(schedule.Cycle);
        var config = schedule.GetConfig();
        CollectionAssert.AreEqual(new[] { "initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name" }, config.Keys.ToArray());
        Assert.AreEqual("PolynomialDecay", config["name"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PolynomialDecay(0.1, -1)).Message, "decaySteps must be > 0");
    }
}
