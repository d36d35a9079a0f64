namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class RescalingTests : KerasTestBase
{
    [TestMethod]
    public void ScalesWithZeroOffsetByDefault()
    {
        // x * 0.5: [2, -4, 1, 0, 3, 10] → [1, -2, 0.5, 0, 1.5, 5].
        LayerTestHarness.Run(() => new Rescaling(0.5), tensor(new float[] { 2, -4, 1, 0, 3, 10 }, [2, 3]), [null, 3],
            expectedValues: [1, -2, 0.5f, 0, 1.5f, 5], expectedWeights: []);
    }

    [TestMethod]
    public void ScalesThenAddsOffset()
    {
        // x * 2 - 1 on a rank-4 input keeps the shape: [0, 1, 2, 3, 4, 5, 6, 7] → [-1, 1, 3, 5, 7, 9, 11, 13].
        LayerTestHarness.Run(() => new Rescaling(2, offset: -1), tensor(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, [2, 2, 1, 2]), [null, 2, 1, 2],
            expectedValues: [-1, 1, 3, 5, 7, 9, 11, 13]);
    }

    [TestMethod]
    public void Uint8ImagesBecomeFloat32InMinusOneToOne()
    {
        // scale 1/127.5, offset -1: 0 → -1, 51 → 0.4 - 1 = -0.6, 255 → 2 - 1 = 1, 102 → 0.8 - 1 = -0.2.
        var pixels = tensor(new byte[] { 0, 51, 255, 102 }, [1, 2, 2]);
        var y = LayerTestHarness.Run(() => new Rescaling(1 / 127.5, offset: -1), pixels, [null, 2, 2], expectedValues: [-1, -0.6f, 1, -0.2f]);
        Assert.AreEqual(ScalarType.Float32, y.dtype);
        Assert.AreEqual("float32", new Rescaling(1 / 255.0).Apply(Keras.Input(shape: [2, 2], dtype: "uint8")).Dtype);
    }

    [TestMethod]
    public void Int32InputsAreCastToFloat32()
    {
        // 1/255 of [0, 255, 510] = [0, 1, 2].
        var y = new Rescaling(1 / 255.0).Apply(tensor(new int[] { 0, 255, 510 }, [3, 1]));
        Assert.AreEqual(ScalarType.Float32, y.dtype);
        LayerTestHarness.AssertClose([0, 1, 2], y);
    }

    [TestMethod]
    public void ConfigHasScaleAndOffset()
    {
        var config = new Rescaling(1 / 255.0).GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "scale", "offset" }, config.Keys.ToArray());
        Assert.AreEqual(1 / 255.0, config["scale"]);
        Assert.AreEqual(0.0, config["offset"]);
        Assert.AreEqual("rescaling", config["name"]);
        Assert.AreEqual(-1.0, new Rescaling(1 / 127.5, offset: -1).GetConfig()["offset"]);
    }
}
