namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class FlattenTests : KerasTestBase
{
    // x[b, i, j, k] = b*12 + i*6 + j*2 + k, shape (2, 2, 3, 2), written out by index so the order is explicit.
    static Tensor Input2x2x3x2()
    {
        var values = new float[24];
        for (var b = 0; b < 2; b++)
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 3; j++)
                    for (var k = 0; k < 2; k++)
                        values[b * 12 + i * 6 + j * 2 + k] = 100 * b + 10 * i + j + 0.1f * k;
        return tensor(values, [2, 2, 3, 2]);
    }

    [TestMethod]
    public void ChannelsLastFlattensRowMajorOverHeightWidthChannels()
    {
        // Reference: out[b, (i*3 + j)*2 + k] = x[b, i, j, k] = 100b + 10i + j + 0.1k.
        var expected = new float[24];
        for (var b = 0; b < 2; b++)
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 3; j++)
                    for (var k = 0; k < 2; k++)
                        expected[b * 12 + (i * 3 + j) * 2 + k] = 100 * b + 10 * i + j + 0.1f * k;
        // The first sample by hand: 0, 0.1, 1, 1.1, 2, 2.1, 10, 10.1, 11, 11.1, 12, 12.1.
        CollectionAssert.AreEqual(new float[] { 0, 0.1f, 1, 1.1f, 2, 2.1f, 10, 10.1f, 11, 11.1f, 12, 12.1f }, expected[..12]);
        LayerTestHarness.Run(() => new Flatten(), Input2x2x3x2(), [null, 12], expectedValues: expected, expectedWeights: []);
    }

    [TestMethod]
    public void ChannelsFirstMovesChannelsLastBeforeFlattening()
    {
        // Input read as (batch, channels=2, d1=3, d2=2): x[b, c, p, q] = 100b + 10c + p + 0.1q.
        // Keras transposes to (batch, d1, d2, channels) first: out[b, (p*2 + q)*2 + c] = x[b, c, p, q].
        var expected = new float[24];
        for (var b = 0; b < 2; b++)
            for (var c = 0; c < 2; c++)
                for (var p = 0; p < 3; p++)
                    for (var q = 0; q < 2; q++)
                        expected[b * 12 + (p * 2 + q) * 2 + c] = 100 * b + 10 * c + p + 0.1f * q;
        // The first sample by hand: (p,q)=(0,0): 0, 10; (0,1): 0.1, 10.1; (1,0): 1, 11; …
        CollectionAssert.AreEqual(new float[] { 0, 10, 0.1f, 10.1f, 1, 11, 1.1f, 11.1f, 2, 12, 2.1f, 12.1f }, expected[..12]);
        LayerTestHarness.Run(() => new Flatten(dataFormat: "channels_first"), Input2x2x3x2(), [null, 12], expectedValues: expected);
    }

    [TestMethod]
    public void ChannelsFirstOnRank2IsPlainFlatten()
    {
        // No spatial axes: the transpose is the identity.
        LayerTestHarness.Run(() => new Flatten("channels_first"), tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]), [null, 3],
            expectedValues: [1, 2, 3, 4, 5, 6]);
    }

    [TestMethod]
    public void BatchOnlyInputGetsAFeatureAxisOfOne()
    {
        LayerTestHarness.Run(() => new Flatten(), tensor(new float[] { 3, -1, 7 }, [3]), [null, 1], expectedValues: [3, -1, 7]);
    }

    [TestMethod]
    public void UnknownNonBatchDimensionGivesUnknownSize()
    {
        var x = Keras.Input(shape: [null, 3]);
        var y = new Flatten().Apply(x);
        CollectionAssert.AreEqual(new int?[] { null, null }, y.Shape);
        CollectionAssert.AreEqual(new int?[] { 4, null }, new Flatten().ComputeOutputShape([4, 5, null, 2]));
        CollectionAssert.AreEqual(new int?[] { null, 30 }, new Flatten().ComputeOutputShape([null, 5, 3, 2]));

        // The same layer flattens any concrete size at run time.
        var flatten = new Flatten();
        CollectionAssert.AreEqual(new long[] { 2, 6 }, flatten.Apply(zeros(2, 2, 3)).shape);
        CollectionAssert.AreEqual(new long[] { 5, 15 }, flatten.Apply(zeros(5, 5, 3)).shape);
    }

    [TestMethod]
    public void IntegerInputsKeepTheirDtypeAndFloatsBecomeFloat32()
    {
        var ints = new Flatten().Apply(tensor(new int[] { 1, 2, 3, 4 }, [1, 2, 2]));
        Assert.AreEqual(ScalarType.Int32, ints.dtype);
        CollectionAssert.AreEqual(new int[] { 1, 2, 3, 4 }, ints.data<int>().ToArray());
        Assert.AreEqual("int32", new Flatten().Apply(Keras.Input(shape: [2, 2], dtype: "int32")).Dtype);

        var doubles = new Flatten().Apply(tensor(new double[] { 1, 2 }, [1, 2, 1]));
        Assert.AreEqual(ScalarType.Float32, doubles.dtype);
        Assert.AreEqual("float32", new Flatten().Apply(Keras.Input(shape: [2, 2], dtype: "float64")).Dtype);
    }

    [TestMethod]
    public void ScalarInputIsRejectedWithKerasMessage()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Flatten().Apply(tensor(5f)));
        Assert.AreEqual("Input 0 of layer \"flatten\" is incompatible with the layer: expected min_ndim=1, found ndim=0. Full shape received: ()", error.Message);
    }

    [TestMethod]
    public void DataFormatIsValidatedAndLowerCased()
    {
        Assert.AreEqual("channels_first", new Flatten("Channels_First").DataFormat);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Flatten("channels_middle"));
        StringAssert.StartsWith(error.Message, "Flatten: The `data_format` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=channels_middle");
    }

    [TestMethod]
    public void FeedsDenseInASequentialModel()
    {
        var model = new Sequential([Keras.Input(shape: [2, 3]), new Flatten(), new Dense(4)]);
        CollectionAssert.AreEqual(new long[] { 5, 4 }, model.Apply(zeros(5, 2, 3)).shape);
        CollectionAssert.AreEqual(new[] { 6, 4 }, model.Layers[^1].Weights[0].Shape);
    }

    [TestMethod]
    public void ConfigHasKerasKeysAndDefaults()
    {
        var config = new Flatten().GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "data_format" }, config.Keys.ToArray());
        Assert.AreEqual("flatten", config["name"]);
        Assert.AreEqual("channels_last", config["data_format"]);
        Assert.AreEqual("flatten_1", new Flatten().Name);
    }
}
