namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class SoftmaxTests : KerasTestBase
{
    [TestMethod]
    public void NormalizesTheLastAxisByDefault()
    {
        // Row [0, ln 3] → [1/4, 3/4]; row [1, 1] → [1/2, 1/2].
        LayerTestHarness.Run(() => new KerasStyle.Layers.Softmax(), tensor(new float[] { 0, (float)Math.Log(3), 1, 1 }, [2, 2]), [null, 2],
            expectedValues: [0.25f, 0.75f, 0.5f, 0.5f], expectedWeights: []);
    }

    [TestMethod]
    public void NormalizesTheGivenAxis()
    {
        // Input (1, 2, 2) [[0, 0], [ln 3, 0]] over axis 1: column 0 → [1/4, 3/4], column 1 → [1/2, 1/2].
        LayerTestHarness.Run(() => new KerasStyle.Layers.Softmax(axis: 1), tensor(new float[] { 0, 0, (float)Math.Log(3), 0 }, [1, 2, 2]), [null, 2, 2],
            expectedValues: [0.25f, 0.5f, 0.75f, 0.5f]);
    }

    [TestMethod]
    public void AxisOutsideTheInputOrTheBatchAxisIsAnError()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new KerasStyle.Layers.Softmax(axis: 3, name: "probs").Apply(Keras.Input(shape: [4])));
        StringAssert.Contains(error.Message, "\"probs\" (Softmax): axis 3");
        Assert.ThrowsExactly<ArgumentException>(() => new KerasStyle.Layers.Softmax(axis: 0).Apply(Keras.Input(shape: [4])));
    }

    [TestMethod]
    public void ConfigHasAxis()
    {
        var config = new KerasStyle.Layers.Softmax(axis: 1).GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "axis" }, config.Keys.ToArray());
        Assert.AreEqual(1, config["axis"]);
        Assert.AreEqual("softmax", config["name"]);
    }
}
