namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class AverageTests : KerasTestBase
{
    [TestMethod]
    public void AveragesTwoInputs()
    {
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = tensor(new float[] { 3, 6, -3, 0 }, [2, 2]);
        // [(1+3)/2, (2+6)/2, (3-3)/2, (4+0)/2]
        LayerTestHarness.AssertClose([2, 4, 0, 2], new Average().Apply(a, b));
    }

    [TestMethod]
    public void AveragesThreeInputs()
    {
        var a = tensor(new float[] { 1, 2, 3 }, [1, 3]);
        var b = tensor(new float[] { 4, 5, 6 }, [1, 3]);
        var c = tensor(new float[] { 7, -1, 0 }, [1, 3]);
        // [(1+4+7)/3, (2+5-1)/3, (3+6+0)/3] = [4, 2, 3]
        LayerTestHarness.AssertClose([4, 2, 3], new Average().Apply(a, b, c));
    }

    [TestMethod]
    public void SymbolicCallGivesTheCommonShape()
    {
        var a = Keras.Input(shape: [4]);
        var y = new Average().Apply(a, Keras.Input(shape: [4]));
        CollectionAssert.AreEqual(new int?[] { null, 4 }, y.Shape);
        CollectionAssert.AreEqual(new int?[] { null, 3, 4 }, new Average().Apply(Keras.Input(shape: [3, 1]), a).Shape);
    }

    [TestMethod]
    public void BroadcastAverageDividesByTheNumberOfInputs()
    {
        // (1, 2) and (1, 2, 2): y[0, r, c] = (a[c] + b[r, c]) / 2.
        var a = tensor(new float[] { 10, 20 }, [1, 2]);
        var b = tensor(new float[] { 0, 2, 4, 6 }, [1, 2, 2]);
        var y = new Average().Apply(a, b);
        CollectionAssert.AreEqual(new long[] { 1, 2, 2 }, y.shape);
        LayerTestHarness.AssertClose([5, 11, 7, 13], y);
    }

    [TestMethod]
    public void MismatchedShapesNameTheLayerAndTheShapes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Average().Apply(zeros(2, 4), zeros(2, 4), zeros(2, 5)));
        Assert.AreEqual("Layer \"average\" (Average): Inputs have incompatible shapes. Received shapes (4,) and (5,) (without the batch axis); full input shapes: (2, 4), (2, 4), (2, 5)", error.Message);
    }

    [TestMethod]
    public void ConfigHasOnlyTheBaseKeys()
    {
        var layer = new Average();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype" }, layer.GetConfig().Keys.ToArray());
        Assert.AreEqual("average", layer.Name);
    }
}
