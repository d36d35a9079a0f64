namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class AddTests : KerasTestBase
{
    [TestMethod]
    public void AddsTwoInputs()
    {
        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new float[] { 10, 20, 30, -1, -2, -3 }, [2, 3]);
        var y = new Add().Apply(a, b);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, y.shape);
        LayerTestHarness.AssertClose([11, 22, 33, 3, 3, 3], y);
    }

    [TestMethod]
    public void AddsThreeInputs()
    {
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = tensor(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, [2, 2]);
        var c = tensor(new float[] { -1, 0, 1, 2 }, [2, 2]);
        // [1+0.5-1, 2+0.5+0, 3+0.5+1, 4+0.5+2]
        LayerTestHarness.AssertClose([0.5f, 2.5f, 4.5f, 6.5f], new Add().Apply(a, b, c));
    }

    [TestMethod]
    public void SymbolicCallGivesTheCommonShape()
    {
        var a = Keras.Input(shape: [4]);
        var b = Keras.Input(shape: [4]);
        var add = new Add();
        var y = add.Apply(a, b);
        CollectionAssert.AreEqual(new int?[] { null, 4 }, y.Shape);
        Assert.AreEqual("float32", y.Dtype);
        Assert.AreSame(add, y.Layer);
        CollectionAssert.AreEqual(new int?[] { null, 4 }, new Add().Apply(a, b, Keras.Input(shape: [4])).Shape);

        // The graph runs: a two-input functional model.
        var model = new Model([a, b], y);
        var output = model.Apply(tensor(new float[] { 1, 2, 3, 4 }, [1, 4]), tensor(new float[] { 4, 3, 2, 1 }, [1, 4]));
        LayerTestHarness.AssertClose([5, 5, 5, 5], output);
    }

    [TestMethod]
    public void BroadcastsSizeOneDimensions()
    {
        // (None, 3, 1) + (None, 1, 2) → (None, 3, 2).
        var shape = new Add().Apply(Keras.Input(shape: [3, 1]), Keras.Input(shape: [1, 2])).Shape;
        CollectionAssert.AreEqual(new int?[] { null, 3, 2 }, shape);

        // Reference: y[0, i, j] = a[i] + b[j] with a = [1, 2, 3], b = [10, 20].
        var a = tensor(new float[] { 1, 2, 3 }, [1, 3, 1]);
        var b = tensor(new float[] { 10, 20 }, [1, 1, 2]);
        var y = new Add().Apply(a, b);
        CollectionAssert.AreEqual(new long[] { 1, 3, 2 }, y.shape);
        LayerTestHarness.AssertClose([11, 21, 12, 22, 13, 23], y);
    }

    [TestMethod]
    public void LowerRankInputGetsAxesAfterTheBatchAxis()
    {
        // (None, 2) + (None, 3, 2) → (None, 3, 2): the (2,) sample is added to each of the 3 rows of its own sample.
        CollectionAssert.AreEqual(new int?[] { null, 3, 2 }, new Add().Apply(Keras.Input(shape: [2]), Keras.Input(shape: [3, 2])).Shape);

        var a = tensor(new float[] { 100, 200, 1000, 2000 }, [2, 2]);
        var b = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, [2, 3, 2]);
        var y = new Add().Apply(a, b);
        CollectionAssert.AreEqual(new long[] { 2, 3, 2 }, y.shape);
        // Reference loop: y[n, r, c] = a[n, c] + b[n, r, c].
        var av = new float[] { 100, 200, 1000, 2000 };
        var expected = new float[12];
        for (var n = 0; n < 2; n++)
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 2; c++)
                    expected[n * 6 + r * 2 + c] = av[n * 2 + c] + (n * 6 + r * 2 + c + 1);
        LayerTestHarness.AssertClose(expected, y);
    }

    [TestMethod]
    public void UnknownDimensionsStayUnknown()
    {
        // As Keras: an unknown dimension against anything (even a known one) gives an unknown dimension.
        var y = new Add().Apply(Keras.Input(shape: [null, 4]), Keras.Input(shape: [3, 4]));
        CollectionAssert.AreEqual(new int?[] { null, null, 4 }, y.Shape);
        CollectionAssert.AreEqual(new int?[] { 2, 3, 4 }, new Add().ComputeOutputShapes([[2, 3, 4], [null, 1, 4]])[0]);
    }

    [TestMethod]
    public void MismatchedShapesNameTheLayerAndTheShapes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(Keras.Input(shape: [3]), Keras.Input(shape: [4])));
        Assert.AreEqual("Layer \"add\" (Add): Inputs have incompatible shapes. Received shapes (3,) and (4,) (without the batch axis); full input shapes: (None, 3), (None, 4)", error.Message);

        // On data the message shows the real batch size.
        error = Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(zeros(2, 3, 4), zeros(2, 3, 5)));
        Assert.AreEqual("Layer \"add_1\" (Add): Inputs have incompatible shapes. Received shapes (3, 4) and (3, 5) (without the batch axis); full input shapes: (2, 3, 4), (2, 3, 5)", error.Message);
    }

    [TestMethod]
    public void BuiltLayerStillChecksEveryCall()
    {
        var add = new Add();
        _ = add.Apply(zeros(2, 3), zeros(2, 3));
        var error = Assert.ThrowsExactly<ArgumentException>(() => add.Apply(zeros(2, 3), zeros(2, 4)));
        Assert.AreEqual("Layer \"add\" (Add): Inputs have incompatible shapes. Received shapes (3,) and (4,) (without the batch axis); full input shapes: (2, 3), (2, 4)", error.Message);
    }

    [TestMethod]
    public void DifferentBatchSizesAreRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(zeros(2, 3), zeros(3, 3)));
        Assert.AreEqual("Layer \"add\" (Add) cannot merge tensors with different batch sizes. Received tensors with shapes (2, 3), (3, 3)", error.Message);
    }

    [TestMethod]
    public void OneInputIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(Keras.Input(shape: [4])));
        StringAssert.StartsWith(error.Message, "Layer \"add\" (Add) should be called on a list of at least 2 inputs. Received: 1 input(s)");
        Assert.ThrowsExactly<ArgumentException>(() => new Add().Apply(zeros(2, 4)));
    }

    [TestMethod]
    public void IntegerInputsAreCastToFloat32()
    {
        var y = new Add().Apply(tensor(new int[] { 1, 2 }, [1, 2]), tensor(new int[] { 3, 4 }, [1, 2]));
        Assert.AreEqual(ScalarType.Float32, y.dtype);
        LayerTestHarness.AssertClose([4, 6], y);
    }

    [TestMethod]
    public void ConfigHasOnlyTheBaseKeys()
    {
        var add = new Add();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype" }, add.GetConfig().Keys.ToArray());
        Assert.AreEqual("add", add.GetConfig()["name"]);
        Assert.AreEqual("Add", add.ClassName);
        Assert.AreEqual(0, add.Weights.Count);
    }
}
