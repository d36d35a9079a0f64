namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class ELUTests : KerasTestBase
{
    [TestMethod]
    public void NegativesBecomeAlphaTimesExpMinusOne()
    {
        // alpha 1: [-2, -1, 0, 3] → [e^-2 - 1, e^-1 - 1, 0, 3].
        LayerTestHarness.Run(() => new ELU(), tensor(new float[] { -2, -1, 0, 3 }, [2, 2]), [null, 2],
            expectedValues: [(float)(Math.Exp(-2) - 1), (float)(Math.Exp(-1) - 1), 0, 3], expectedWeights: []);
        // alpha 0.5 halves the negative part.
        LayerTestHarness.Run(() => new ELU(0.5), tensor(new float[] { -2, 4 }, [1, 2]), [null, 2], expectedValues: [(float)(0.5 * (Math.Exp(-2) - 1)), 4]);
    }

    [TestMethod]
    public void ConfigHasAlpha()
    {
        var config = new ELU(0.5).GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "alpha" }, config.Keys.ToArray());
        Assert.AreEqual(0.5, config["alpha"]);
        Assert.AreEqual("elu", config["name"]);
    }
}
