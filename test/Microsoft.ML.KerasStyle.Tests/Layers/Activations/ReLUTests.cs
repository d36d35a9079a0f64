namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class ReLUTests : KerasTestBase
{
    static readonly float[] Inputs = [-10, -5, 0, 0.5f, 1, 5, 10, 12];

    [TestMethod]
    public void DefaultsAreMaxOfXAndZero()
    {
        LayerTestHarness.Run(() => new ReLU(), tensor(Inputs, [2, 4]), [null, 4], expectedValues: [0, 0, 0, 0.5f, 1, 5, 10, 12], expectedWeights: []);
    }

    [TestMethod]
    public void KerasDocumentationExample()
    {
        // Keras's docstring: ReLU(max_value=10, negative_slope=0.5) on [-10, -5, 0, 5, 10] → [-5, -2.5, 0, 5, 10].
        LayerTestHarness.Run(() => new ReLU(maxValue: 10, negativeSlope: 0.5), tensor(new float[] { -10, -5, 0, 5, 10 }, [1, 5]), [null, 5],
            expectedValues: [-5, -2.5f, 0, 5, 10]);
    }

    [TestMethod]
    public void MaxValueSlopeAndThresholdTogether()
    {
        // threshold 1, slope 0.1, max 6: x > 1 → min(x, 6); else 0.1 · (x - 1).
        // [-10, -5, 0, 0.5, 1, 5, 10, 12] → [-1.1, -0.6, -0.1, -0.05, 0, 5, 6, 6].
        LayerTestHarness.Run(() => new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 1), tensor(Inputs, [1, 2, 2, 2]), [null, 2, 2, 2],
            expectedValues: [-1.1f, -0.6f, -0.1f, -0.05f, 0, 5, 6, 6]);
        // Threshold only: x > 2 → x, else 0.
        LayerTestHarness.Run(() => new ReLU(threshold: 2), tensor(Inputs, [8, 1]), [null, 1], expectedValues: [0, 0, 0, 0, 0, 5, 10, 12]);
        // Max only is relu6-like clipping.
        LayerTestHarness.Run(() => new ReLU(maxValue: 6), tensor(Inputs, [8, 1]), [null, 1], expectedValues: [0, 0, 0, 0.5f, 1, 5, 6, 6]);
    }

    [TestMethod]
    public void NegativeOptionsAreRejectedNamingThem()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReLU(maxValue: -1)).Message, "max_value=-1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReLU(negativeSlope: -0.5)).Message, "negative_slope=-0.5");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReLU(threshold: -2)).Message, "threshold=-2");
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new ReLU(maxValue: 6).GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "max_value", "negative_slope", "threshold" }, config.Keys.ToArray());
        Assert.AreEqual(6.0, config["max_value"]);
        Assert.IsNull(new ReLU().GetConfig()["max_value"]);
        Assert.AreEqual("re_lu", config["name"]);
    }
}
