namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class ReshapeTests : KerasTestBase
{
    static float[] Counting(int n)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = i + 1;
        return values;
    }

    [TestMethod]
    public void ReshapesEachSampleKeepingRowMajorOrder()
    {
        // (2, 12) → (2, 3, 4): a reshape never reorders values.
        LayerTestHarness.Run(() => new Reshape([3, 4]), tensor(Counting(24), [2, 12]), [null, 3, 4], expectedValues: Counting(24), expectedWeights: []);
    }

    [TestMethod]
    public void MinusOneIsInferredFromTheInputSize()
    {
        // 12 values per sample, known 2*2 = 4 → -1 is 3.
        LayerTestHarness.Run(() => new Reshape([-1, 2, 2]), tensor(Counting(24), [2, 12]), [null, 3, 2, 2], expectedValues: Counting(24));
        // 2*3*2 = 12 values per sample, known 4 → -1 is 3.
        LayerTestHarness.Run(() => new Reshape([4, -1]), tensor(Counting(24), [2, 2, 3, 2]), [null, 4, 3], expectedValues: Counting(24));
    }

    [TestMethod]
    public void MinusOneStaysUnknownWhenAnInputDimensionIsUnknown()
    {
        var y = new Reshape([-1, 2]).Apply(Keras.Input(shape: [null, 4]));
        CollectionAssert.AreEqual(new int?[] { null, null, 2 }, y.Shape);
        CollectionAssert.AreEqual(new int?[] { null, 6, 2 }, new Reshape([6, 2]).ComputeOutputShape([null, null, 4]));
    }

    [TestMethod]
    public void NeverBakesInTheBatchSizeOrVariableDimensions()
    {
        var reshape = new Reshape([-1, 2]);
        CollectionAssert.AreEqual(new long[] { 2, 6, 2 }, reshape.Apply(zeros(2, 3, 4)).shape);
        CollectionAssert.AreEqual(new long[] { 5, 6, 2 }, reshape.Apply(zeros(5, 3, 4)).shape);
        CollectionAssert.AreEqual(new long[] { 1, 10, 2 }, reshape.Apply(zeros(1, 5, 4)).shape);

        // In a functional model with unknown batch, different batch sizes run through the same graph.
        var input = Keras.Input(shape: [6]);
        var model = new Model(input, new Reshape([3, 2]).Apply(input));
        CollectionAssert.AreEqual(new long[] { 4, 3, 2 }, model.Apply(zeros(4, 6)).shape);
        CollectionAssert.AreEqual(new long[] { 7, 3, 2 }, model.Apply(zeros(7, 6)).shape);
    }

    [TestMethod]
    public void MoreThanOneMinusOneIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([-1, 3, -1]));
        StringAssert.StartsWith(error.Message, "Reshape: There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=(-1, 3, -1).");
    }

    [TestMethod]
    public void NegativeDimensionOtherThanMinusOneIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([2, -2]));
        StringAssert.StartsWith(error.Message, "Reshape: Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape=(2, -2).");
    }

    [TestMethod]
    public void SizeMismatchNamesLayerAndShapes()
    {
        // 12 ≠ 5*3.
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([5, 3]).Apply(Keras.Input(shape: [12])));
        Assert.AreEqual("Layer \"reshape\" (Reshape): The total size of the tensor must be unchanged. Received: input_shape=(12,), target_shape=(5, 3)", error.Message);

        // Real data: 2*3 = 6 ≠ 4.
        error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([4]).Apply(zeros(2, 2, 3)));
        Assert.AreEqual("Layer \"reshape_1\" (Reshape): The total size of the tensor must be unchanged. Received: input_shape=(2, 3), target_shape=(4,)", error.Message);
    }

    [TestMethod]
    public void MinusOneThatDoesNotDivideNamesLayerAndShapes()
    {
        // 12 is not a multiple of 5.
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([-1, 5]).Apply(zeros(2, 12)));
        Assert.AreEqual("Layer \"reshape\" (Reshape): The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input_shape=(12,), target_shape=(-1, 5)", error.Message);

        // A zero next to -1 cannot be resolved either.
        error = Assert.ThrowsExactly<ArgumentException>(() => new Reshape([0, -1]).ComputeOutputShape([null, 12]));
        StringAssert.Contains(error.Message, "target_shape=(0, -1)");
    }

    [TestMethod]
    public void IntegerInputsKeepTheirDtype()
    {
        var y = new Reshape([2, 2]).Apply(tensor(new long[] { 1, 2, 3, 4 }, [1, 4]));
        Assert.AreEqual(ScalarType.Int64, y.dtype);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, y.data<long>().ToArray());
        Assert.AreEqual("int64", new Reshape([2, 2]).Apply(Keras.Input(shape: [4], dtype: "int64")).Dtype);
    }

    [TestMethod]
    public void ConfigHasTargetShapeAndTheLayerKeepsItsOwnCopy()
    {
        var target = new[] { -1, 2, 2 };
        var reshape = new Reshape(target);
        target[0] = 7;
        var config = reshape.GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "target_shape" }, config.Keys.ToArray());
        CollectionAssert.AreEqual(new[] { -1, 2, 2 }, (int[])config["target_shape"]!);
        CollectionAssert.AreEqual(new[] { -1, 2, 2 }, reshape.TargetShape.ToArray());
        Assert.AreEqual("reshape", config["name"]);
    }
}
