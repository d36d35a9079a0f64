using Microsoft.ML.KerasStyle.Optimizers.Schedules;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers.Schedules;

[TestClass]
public sealed class CosineDecayRestartsTests : KerasTestBase
{
    /// <summary>SGDR by walking the periods one by one (Keras's closed form computes the same with logarithms).</summary>
    static double Reference(double initial, long first, double tMul, double mMul, double alpha, long step)
    {
        double start = 0, length = first, peak = 1;
        while (step >= start + length)
        {
            start += length;
            length *= tMul;
            peak *= mMul;
        }
        var fraction = (step - start) / length;
        return initial * ((1 - alpha) * 0.5 * peak * (1 + Math.Cos(Math.PI * fraction)) + alpha);
    }

    [TestMethod]
    [DataRow(2.0, 1.0, 0.0)]
    [DataRow(2.0, 0.5, 0.1)]
    [DataRow(1.0, 0.8, 0.0)]
    [DataRow(3.0, 1.0, 0.2)]
    [DataRow(1.5, 0.9, 0.05)]
    public void EveryStepMatchesThePeriodWalk(double tMul, double mMul, double alpha)
    {
        var schedule = new CosineDecayRestarts(0.1, 10, tMul, mMul, alpha);
        for (long step = 0; step <= 400; step++)
            Assert.AreEqual(Reference(0.1, 10, tMul, mMul, alpha, step), schedule.Call(step), 1e-12, $"step {step}");
    }

    [TestMethod]
    public void HandValues()
    {
        var schedule = new CosineDecayRestarts(0.1, 10);
        Assert.AreEqual(0.1, schedule.Call(0), 1e-15);
        Assert.AreEqual(0.05, schedule.Call(5), 1e-15, "half way down the first period: 0.1·(1 + cos(π/2))/2");
        Assert.AreEqual(0.1, schedule.Call(10), 1e-15, "restart after 10 steps");
        Assert.AreEqual(0.05, schedule.Call(20), 1e-15, "the second period lasts 20 steps");
        Assert.AreEqual(0.1, schedule.Call(30), 1e-15, "and the third starts at 30");
        Assert.AreEqual(0.05, new CosineDecayRestarts(0.1, 10, mMul: 0.5).Call(10), 1e-15, "the second peak is halved");
    }

    [TestMethod]
    public void DefaultsConfigAndErrors()
    {
        var config = new CosineDecayRestarts(0.1, 100).GetConfig();
        CollectionAssert.AreEqual(new[] { "initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name" }, config.Keys.ToArray());
        Assert.AreEqual(2.0, config["t_mul"]);
        Assert.AreEqual(1.0, config["m_mul"]);
        Assert.AreEqual(0.0, config["alpha"]);
        Assert.AreEqual("SGDRDecay", config["name"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CosineDecayRestarts(0.1, 0)).Message, "firstDecaySteps must be > 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CosineDecayRestarts(0.1, 10, tMul: 0)).Message, "tMul");
    }
}
