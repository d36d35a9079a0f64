using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class CosineDecayTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0L, 1.0)]                // cos(0) = 1: (1−0.2)·1 + 0.2
    [DataRow(25L, 0.8828427124746190)] // 0.5(1 + cos(π/4)) = 0.853553…; 0.8·0.853553 + 0.2
    [DataRow(50L, 0.6)]               // 0.8·0.5 + 0.2
    [DataRow(100L, 0.2)]              // 0.8·0 + 0.2 = alpha
    [DataRow(150L, 0.2)]              // step clamped to decay_steps
    public void DecaysToAlpha(long step, double expected) =>
        Assert.AreEqual(expected, new CosineDecay(1.0, 100, alpha: 0.2).Call(step), 1e-12);

    [TestMethod]
    [DataRow(0L, 0.0)]                 // warmup starts at initial_learning_rate = 0
    [DataRow(5L, 0.5)]                 // (1 − 0)·5/10 + 0
    [DataRow(10L, 1.0)]                // warmup done: cosine at 0 from the target
    [DataRow(30L, 0.5)]                // 0.5(1 + cos(π·20/40)) = 0.5
    [DataRow(50L, 0.0)]                // decay done
    [DataRow(70L, 0.0)]                // clamped to warmup + decay steps
    public void WarmsUpThenDecays(long step, double expected) =>
        Assert.AreEqual(expected, new CosineDecay(0.0, 40, warmupTarget: 1.0, warmupSteps: 10).Call(step), 1e-12);

    [TestMethod]
    public void WarmupStepsWithoutTargetAreIgnored() =>
        // Keras only warms up when warmup_target is set: 0.5(1 + cos(π·5/10)) = 0.5.
        Assert.AreEqual(0.5, new CosineDecay(1.0, 10, warmupSteps: 100).Call(5), 1e-12);

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new CosineDecay(0.1, 1000, alpha: 0.1, warmupTarget: 0.5, warmupSteps: 10).GetConfig();
        CollectionAssert.AreEqual(new[] { "initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps" }, config.Keys.ToArray());
        Assert.AreEqual("CosineDecay", config["name"]);
        Assert.AreEqual(0.5, config["warmup_target"]);
        Assert.AreEqual(10L, config["warmup_steps"]);
        Assert.IsNull(new CosineDecay(0.1, 1000).GetConfig()["warmup_target"]);
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CosineDecay(0.1, 0)).Message, "decaySteps must be > 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CosineDecay(0.1, 10, warmupSteps: -1)).Message, "warmupSteps");
    }
}
