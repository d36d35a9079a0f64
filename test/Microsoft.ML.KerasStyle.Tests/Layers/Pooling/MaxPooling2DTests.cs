namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class MaxPooling2DTests : KerasTestBase
{
    [TestMethod]
    public void DefaultsAreTwoByTwoWithStrideOfThePoolSize()
    {
        var pool = new MaxPooling2D();
        Assert.AreEqual("max_pooling2d", pool.Name);
        CollectionAssert.AreEqual(new[] { 2, 2 }, pool.PoolSize.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 2 }, pool.Strides.ToArray());
        Assert.AreEqual("valid", pool.Padding);
        Assert.AreEqual("channels_last", pool.DataFormat);
        CollectionAssert.AreEqual(new[] { 3, 3 }, new MaxPooling2D(3).Strides.ToArray());
        CollectionAssert.AreEqual(new[] { 3, 1 }, new MaxPooling2D([3, 1]).Strides.ToArray());
    }

    [TestMethod]
    public void ValidDefaultMatchesReferenceLoop()
    {
        // (5, 7) → floor((5-2)/2)+1 = 2, floor((7-2)/2)+1 = 3; the last row and column are dropped.
        var x = randn(2, 5, 7, 3);
        var expected = PoolingReference.MaxPool2D(ConvReference.Array4(x), (2, 2), (2, 2), "valid");
        LayerTestHarness.Run(() => new MaxPooling2D(), x, [null, 2, 3, 3], ConvReference.Flat(expected), expectedWeights: []);
    }

    [TestMethod]
    public void SameIgnoresPaddingEvenWhenAllValuesAreNegative()
    {
        // -1 … -9 in a 3×3 image, 2×2 windows, stride 2: out 2×2, total pad 1 → 0 before, 1 after.
        // Windows {-1,-2,-4,-5} {-3,-6} {-7,-8} {-9}: zero padding would wrongly give 0 in three of them.
        var x = -arange(1, 10, dtype: ScalarType.Float32).reshape(1, 3, 3, 1);
        LayerTestHarness.AssertClose([-1, -3, -7, -9], new MaxPooling2D(padding: "same").Apply(x));
    }

    [TestMethod]
    public void SameStride2EvenPoolMatchesReferenceLoop()
    {
        // 4×4 window, stride 2 on (7, 8): out (4, 4); height total (4-1)·2 + 4 - 7 = 3 → (1, 2), width 2 → (1, 1).
        var x = randn(2, 7, 8, 2);
        var expected = PoolingReference.MaxPool2D(ConvReference.Array4(x), (4, 4), (2, 2), "same");
        LayerTestHarness.Run(() => new MaxPooling2D(4, strides: 2, padding: "same"), x, [null, 4, 4, 2], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void OverlappingAndNonSquareWindowsMatchReferenceLoop()
    {
        var x = randn(2, 6, 7, 2);
        var valid = PoolingReference.MaxPool2D(ConvReference.Array4(x), (3, 3), (1, 1), "valid");
        LayerTestHarness.Run(() => new MaxPooling2D(3, strides: 1), x, [null, 4, 5, 2], ConvReference.Flat(valid));
        var same = PoolingReference.MaxPool2D(ConvReference.Array4(x), (2, 3), (1, 2), "same");
        LayerTestHarness.Run(() => new MaxPooling2D([2, 3], strides: [1, 2], padding: "same"), x, [null, 6, 4, 2], ConvReference.Flat(same));
    }

    [TestMethod]
    public void ChannelsFirstMatchesTransposedReference()
    {
        var x = randn(2, 3, 7, 5); // NCHW
        var expected = ConvReference.ToNchw(PoolingReference.MaxPool2D(ConvReference.ToNhwc(ConvReference.Array4(x)), (2, 2), (2, 2), "same"));
        LayerTestHarness.Run(() => new MaxPooling2D(padding: "same", dataFormat: "channels_first"), x, [null, 3, 4, 3], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void UnknownSpatialDimsStayUnknown()
    {
        CollectionAssert.AreEqual(new int?[] { null, null, 3, 8 }, new MaxPooling2D().ComputeOutputShape([null, null, 7, 8]));
        CollectionAssert.AreEqual(new int?[] { null, 8, null, 4 }, new MaxPooling2D(padding: "same", dataFormat: "channels_first").ComputeOutputShape([null, 8, null, 7]));
    }

    [TestMethod]
    public void WrongRankNamesLayerAndShape()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D().Apply(zeros(2, 8, 8)));
        Assert.AreEqual("Input 0 of layer \"max_pooling2d\" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 8, 8)", error.Message);
    }

    [TestMethod]
    public void WindowLargerThanInputIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(3).Apply(zeros(1, 2, 5, 1)));
        StringAssert.Contains(error.Message, "Layer \"max_pooling2d\" (MaxPooling2D): computed output size would be zero or negative. Received inputs shape=(None, 2, 5, 1), pool_size=(3, 3)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(2, padding: "full")).Message, "MaxPooling2D: the `padding` argument");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MaxPooling2D(0)).Message, "MaxPooling2D: the `pool_size` argument must be a tuple of 2 integers");
    }

    [TestMethod]
    public void GetConfigHasKerasKeys()
    {
        var config = new MaxPooling2D([3, 2], strides: [1, 2], padding: "same", dataFormat: "channels_first").GetConfig();
        CollectionAssert.AreEqual(new[] { 3, 2 }, (int[])config["pool_size"]!);
        CollectionAssert.AreEqual(new[] { 1, 2 }, (int[])config["strides"]!);
        Assert.AreEqual("same", config["padding"]);
        Assert.AreEqual("channels_first", config["data_format"]);
        Assert.AreEqual("max_pooling2d", config["name"]);
    }
}
