namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class AveragePooling2DTests : KerasTestBase
{
    [TestMethod]
    public void ValidDefaultMatchesReferenceLoop()
    {
        var x = randn(2, 5, 7, 3);
        var expected = PoolingReference.AveragePool2D(ConvReference.Array4(x), (2, 2), (2, 2), "valid");
        LayerTestHarness.Run(() => new AveragePooling2D(), x, [null, 2, 3, 3], ConvReference.Flat(expected), expectedWeights: []);
    }

    [TestMethod]
    public void SameAveragesOnlyTheRealElements()
    {
        // 1 … 9 in a 3×3 image, 2×2 windows, stride 2, pad 0 before and 1 after:
        // {1,2,4,5} → 3, {3,6} → 4.5, {7,8} → 7.5, {9} → 9 (counting the padding would give 3, 2.25, 3.75, 2.25).
        var x = arange(1, 10, dtype: ScalarType.Float32).reshape(1, 3, 3, 1);
        LayerTestHarness.AssertClose([3, 4.5f, 7.5f, 9], new AveragePooling2D(padding: "same").Apply(x));
    }

    [TestMethod]
    public void SameStride2EvenPoolMatchesReferenceLoop()
    {
        // 4×4 window, stride 2 on (7, 8): height pads (1, 2), width (1, 1).
        var x = randn(2, 7, 8, 2);
        var expected = PoolingReference.AveragePool2D(ConvReference.Array4(x), (4, 4), (2, 2), "same");
        LayerTestHarness.Run(() => new AveragePooling2D(4, strides: 2, padding: "same"), x, [null, 4, 4, 2], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void SymmetricSamePaddingAlsoExcludesThePadding()
    {
        // 3×3 window, stride 1 on (4, 5): one row/column each side; corners average 4 elements, edges 6.
        var x = randn(1, 4, 5, 2);
        var expected = PoolingReference.AveragePool2D(ConvReference.Array4(x), (3, 3), (1, 1), "same");
        LayerTestHarness.Run(() => new AveragePooling2D(3, strides: 1, padding: "same"), x, [null, 4, 5, 2], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void NonSquareWindowsAndChannelsFirstMatchReference()
    {
        var x = randn(2, 3, 7, 6); // NCHW
        var expected = ConvReference.ToNchw(PoolingReference.AveragePool2D(ConvReference.ToNhwc(ConvReference.Array4(x)), (3, 2), (2, 1), "same"));
        LayerTestHarness.Run(() => new AveragePooling2D([3, 2], strides: [2, 1], padding: "same", dataFormat: "channels_first"), x,
            [null, 3, 4, 6], ConvReference.Flat(expected));
        var valid = ConvReference.ToNchw(PoolingReference.AveragePool2D(ConvReference.ToNhwc(ConvReference.Array4(x)), (3, 2), (3, 2), "valid"));
        LayerTestHarness.Run(() => new AveragePooling2D([3, 2], dataFormat: "channels_first"), x, [null, 3, 2, 3], ConvReference.Flat(valid));
    }

    [TestMethod]
    public void WrongRankNamesLayerAndShape()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new AveragePooling2D().Apply(Keras.Input(shape: [4, 4, 4, 1])));
        Assert.AreEqual("Input 0 of layer \"average_pooling2d\" is incompatible with the layer: expected ndim=4, found ndim=5. Full shape received: (None, 4, 4, 4, 1)", error.Message);
    }

    [TestMethod]
    public void AutomaticNameIsKeras() => Assert.AreEqual("average_pooling2d", new AveragePooling2D().Name);

    [TestMethod]
    public void GetConfigHasKerasKeys()
    {
        var config = new AveragePooling2D(3).GetConfig();
        CollectionAssert.AreEqual(new[] { 3, 3 }, (int[])config["pool_size"]!);
        CollectionAssert.AreEqual(new[] { 3, 3 }, (int[])config["strides"]!);
        Assert.AreEqual("valid", config["padding"]);
        Assert.AreEqual("channels_last", config["data_format"]);
    }
}
