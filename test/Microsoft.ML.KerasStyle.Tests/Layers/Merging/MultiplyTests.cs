namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class MultiplyTests : KerasTestBase
{
    [TestMethod]
    public void MultipliesTwoInputs()
    {
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new float[] { 2, 0.5f, -1, 0, 3, 10 }, [2, 3]);
        LayerTestHarness.AssertClose([2, 1, -3, 0, 15, 60], new Multiply().Apply(a, b));
    }

    [TestMethod]
    public void MultipliesThreeInputs()
    {
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = tensor(new float[] { 2, 2, -1, 0.5f }, [2, 2]);
        var c = tensor(new float[] { 3, -1, 2, 2 }, [2, 2]);
        // [1*2*3, 2*2*-1, 3*-1*2, 4*0.5*2]
        LayerTestHarness.AssertClose([6, -4, -6, 4], new Multiply().Apply(a, b, c));
    }

    [TestMethod]
    public void SymbolicCallGivesTheCommonShape()
    {
        var y = new Multiply().Apply(Keras.Input(shape: [4]), Keras.Input(shape: [4]));
        CollectionAssert.AreEqual(new int?[] { null, 4 }, y.Shape);
        CollectionAssert.AreEqual(new int?[] { null, 5, 4 }, new Multiply().Apply(Keras.Input(shape: [5, 1]), Keras.Input(shape: [4]), Keras.Input(shape: [1, 4])).Shape);
    }

    [TestMethod]
    public void BroadcastsAGatePerChannel()
    {
        // (2, 2, 3) * (2, 1, 3): each sample's (3,) gate scales both rows of that sample.
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 1, 1, 1, 2, 2, 2 }, [2, 2, 3]);
        var gate = tensor(new float[] { 0, 1, 2, 10, -1, 0.5f }, [2, 1, 3]);
        var y = new Multiply().Apply(x, gate);
        CollectionAssert.AreEqual(new long[] { 2, 2, 3 }, y.shape);
        LayerTestHarness.AssertClose([0, 2, 6, 0, 5, 12, 10, -1, 0.5f, 20, -2, 1], y);
    }

    [TestMethod]
    public void MismatchedShapesNameTheLayerAndTheShapes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Multiply().Apply(Keras.Input(shape: [2, 3]), Keras.Input(shape: [3, 3])));
        Assert.AreEqual("Layer \"multiply\" (Multiply): Inputs have incompatible shapes. Received shapes (2, 3) and (3, 3) (without the batch axis); full input shapes: (None, 2, 3), (None, 3, 3)", error.Message);
    }

    [TestMethod]
    public void ConfigHasOnlyTheBaseKeys()
    {
        var layer = new Multiply();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype" }, layer.GetConfig().Keys.ToArray());
        Assert.AreEqual("multiply", layer.Name);
    }
}
