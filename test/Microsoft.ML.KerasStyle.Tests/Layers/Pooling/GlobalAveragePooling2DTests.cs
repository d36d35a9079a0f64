namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class GlobalAveragePooling2DTests : KerasTestBase
{
    static float[] ChannelMeans(float[,,,] nhwc)
    {
        int n = nhwc.GetLength(0), h = nhwc.GetLength(1), w = nhwc.GetLength(2), c = nhwc.GetLength(3);
        var result = new float[n * c];
        for (var b = 0; b < n; b++)
            for (var ch = 0; ch < c; ch++)
            {
                double sum = 0;
                for (var i = 0; i < h; i++) for (var j = 0; j < w; j++) sum += nhwc[b, i, j, ch];
                result[b * c + ch] = (float)(sum / (h * w));
            }
        return result;
    }

    [TestMethod]
    public void AveragesHeightAndWidthPerChannel()
    {
        var x = randn(2, 4, 5, 3);
        LayerTestHarness.Run(() => new GlobalAveragePooling2D(), x, [null, 3], ChannelMeans(ConvReference.Array4(x)), expectedWeights: []);
    }

    [TestMethod]
    public void KeepdimsKeepsUnitSpatialAxes()
    {
        var x = randn(2, 4, 5, 3);
        LayerTestHarness.Run(() => new GlobalAveragePooling2D(keepdims: true), x, [null, 1, 1, 3], ChannelMeans(ConvReference.Array4(x)));
    }

    [TestMethod]
    public void ChannelsFirstAveragesTheLastTwoAxes()
    {
        var x = randn(2, 3, 4, 5); // NCHW
        var means = ChannelMeans(ConvReference.ToNhwc(ConvReference.Array4(x)));
        LayerTestHarness.Run(() => new GlobalAveragePooling2D(dataFormat: "channels_first"), x, [null, 3], means);
        LayerTestHarness.Run(() => new GlobalAveragePooling2D(dataFormat: "channels_first", keepdims: true), x, [null, 3, 1, 1], means);
    }

    [TestMethod]
    public void UnknownSpatialDimsAreFine()
    {
        var y = new GlobalAveragePooling2D().Apply(Keras.Input(shape: [null, null, 16]));
        CollectionAssert.AreEqual(new int?[] { null, 16 }, y.Shape);
    }

    [TestMethod]
    public void WrongRankNamesLayerAndShape()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new GlobalAveragePooling2D().Apply(zeros(2, 8, 3)));
        Assert.AreEqual("Input 0 of layer \"global_average_pooling2d\" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 8, 3)", error.Message);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new GlobalAveragePooling2D(dataFormat: "nchw")).Message,
            "GlobalAveragePooling2D: the `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=nchw");
    }

    [TestMethod]
    public void AutomaticNameIsKeras() => Assert.AreEqual("global_average_pooling2d", new GlobalAveragePooling2D().Name);

    [TestMethod]
    public void GetConfigHasKerasKeys()
    {
        var config = new GlobalAveragePooling2D(dataFormat: "channels_first", keepdims: true).GetConfig();
        Assert.AreEqual("channels_first", config["data_format"]);
        Assert.AreEqual(true, config["keepdims"]);
        Assert.AreEqual("global_average_pooling2d", config["name"]);
    }
}
