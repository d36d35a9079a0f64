using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class Conv2DTests : KerasTestBase
{
    // Seeded initializers give the same values to the layer and to the reference loop.
    static Initializer KernelInit => new RandomUniform(-1, 1, seed: 11);
    static Initializer BiasInit => new RandomUniform(-1, 1, seed: 12);
    static float[,,,] ReferenceKernel(int kh, int kw, int inPerGroup, int filters) => ConvReference.Array4(KernelInit.Call([kh, kw, inPerGroup, filters]));
    static float[] ReferenceBias(int filters) => LayerTestHarness.Values(BiasInit.Call([filters]));

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var conv = new Conv2D(8, 3);
        Assert.AreEqual("conv2d", conv.Name);
        CollectionAssert.AreEqual(new[] { 3, 3 }, conv.KernelSize.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 1 }, conv.Strides.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 1 }, conv.DilationRate.ToArray());
        Assert.AreEqual("valid", conv.Padding);
        Assert.AreEqual("channels_last", conv.DataFormat);
        Assert.AreEqual(1, conv.Groups);
        Assert.AreEqual("linear", conv.Activation.Name);
        Assert.IsTrue(conv.UseBias);
        Assert.IsInstanceOfType<GlorotUniform>(conv.KernelInitializer);
        Assert.IsInstanceOfType<Zeros>(conv.BiasInitializer);
    }

    [TestMethod]
    public void KerasParamCountsAndShapesOfTheMnistStack()
    {
        // keras: Conv2D(32, 3) on (28, 28, 1) → 3·3·1·32 + 32 = 320; Conv2D(64, 3) on (13, 13, 32) → 3·3·32·64 + 64 = 18,496.
        var input = Keras.Input(shape: [28, 28, 1]);
        var first = new Conv2D(32, 3, activation: "relu");
        var x = first.Apply(input);
        CollectionAssert.AreEqual(new int?[] { null, 26, 26, 32 }, x.Shape);
        x = new MaxPooling2D().Apply(x);
        CollectionAssert.AreEqual(new int?[] { null, 13, 13, 32 }, x.Shape);
        var second = new Conv2D(64, 3);
        x = second.Apply(x);
        CollectionAssert.AreEqual(new int?[] { null, 11, 11, 64 }, x.Shape);
        Assert.AreEqual(320, first.CountParams());
        Assert.AreEqual(18_496, second.CountParams());
        CollectionAssert.AreEqual(new[] { 3, 3, 32, 64 }, second.Kernel!.Shape);
    }

    [TestMethod]
    public void ValidStride2EvenKernelMatchesReferenceLoop()
    {
        // (9, 8) with a 4×4 window, stride 2: floor((9-4)/2)+1 = 3, floor((8-4)/2)+1 = 3.
        var x = randn(2, 9, 8, 3);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(4, 4, 3, 5), ReferenceBias(5), (2, 2), "valid");
        LayerTestHarness.Run(() => new Conv2D(5, 4, strides: 2, kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 3, 3, 5], ConvReference.Flat(expected), [("kernel", [4, 4, 3, 5]), ("bias", [5])]);
    }

    [TestMethod]
    public void SameStride2EvenKernelPadsTheExtraRowAndColumnAtTheEnd()
    {
        // (7, 7), 4×4 window, stride 2: out ceil(7/2) = 4; total pad (4-1)·2 + 4 - 7 = 3 → 1 before, 2 after (asymmetric).
        var x = randn(2, 7, 7, 2);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(4, 4, 2, 3), ReferenceBias(3), (2, 2), "same");
        LayerTestHarness.Run(() => new Conv2D(3, 4, strides: 2, padding: "same", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 4, 4, 3], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void SameWithOneAsymmetricAxisMatchesReferenceLoop()
    {
        // Height 7: total 3 → (1, 2); width 8: out 4, total (4-1)·2 + 4 - 8 = 2 → (1, 1).
        var x = randn(1, 7, 8, 2);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(4, 4, 2, 2), ReferenceBias(2), (2, 2), "SAME".ToLowerInvariant());
        LayerTestHarness.Run(() => new Conv2D(2, 4, strides: 2, padding: "SAME", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 4, 4, 2], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void SameStride1KeepsTheSizeWithSymmetricPadding()
    {
        var x = randn(2, 5, 6, 3);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(3, 3, 3, 4), ReferenceBias(4), (1, 1), "same",
            activation: v => Math.Max(v, 0));
        LayerTestHarness.Run(() => new Conv2D(4, 3, padding: "same", activation: "relu", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 5, 6, 4], ConvReference.Flat(expected));
    }

    [TestMethod]
    public void NonSquareKernelStridesAndDilation()
    {
        // Kernel (2, 3) with dilation (3, 2): effective (4, 5). Valid on (9, 10): (6, 6). Same on (9, 10): totals 3 and 4.
        var x = randn(2, 9, 10, 2);
        var kernel = ReferenceKernel(2, 3, 2, 3);
        var valid = ConvReference.Conv2D(ConvReference.Array4(x), kernel, ReferenceBias(3), (1, 1), "valid", (3, 2));
        LayerTestHarness.Run(() => new Conv2D(3, [2, 3], dilationRate: [3, 2], kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 6, 6, 3], ConvReference.Flat(valid));
        var same = ConvReference.Conv2D(ConvReference.Array4(x), kernel, ReferenceBias(3), (1, 1), "same", (3, 2));
        LayerTestHarness.Run(() => new Conv2D(3, [2, 3], padding: "same", dilationRate: [3, 2], kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 9, 10, 3], ConvReference.Flat(same));
        var strided = ConvReference.Conv2D(ConvReference.Array4(x), kernel, ReferenceBias(3), (3, 2), "same");
        LayerTestHarness.Run(() => new Conv2D(3, [2, 3], strides: [3, 2], padding: "same", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 3, 5, 3], ConvReference.Flat(strided));
    }

    [TestMethod]
    public void GroupsConvolveChannelGroupsSeparately()
    {
        // 6 channels in 3 groups of 2; 6 filters, 2 per group; kernel (3, 3, 6/3, 6).
        var x = randn(2, 6, 5, 6);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(3, 3, 2, 6), ReferenceBias(6), (1, 1), "valid", groups: 3);
        LayerTestHarness.Run(() => new Conv2D(6, 3, groups: 3, kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 4, 3, 6], ConvReference.Flat(expected), [("kernel", [3, 3, 2, 6]), ("bias", [6])]);
    }

    [TestMethod]
    public void GroupedOutputOnlySeesItsOwnChannels()
    {
        // Hand check: 1×1 kernel of ones, 2 groups. Filter 0 sums channels 0-1, filter 1 sums channels 2-3.
        var conv = new Conv2D(2, 1, groups: 2, useBias: false, kernelInitializer: "ones");
        var y = conv.Apply(tensor(new float[] { 1, 2, 30, 40 }, [1, 1, 1, 4]));
        LayerTestHarness.AssertClose([3, 70], y);
    }

    [TestMethod]
    public void ChannelsFirstMatchesTransposedReference()
    {
        // NCHW (2, 3, 7, 6); kernel (3, 2), strides (2, 1), same: out (ceil(7/2), 6) = (4, 6).
        var x = randn(2, 3, 7, 6);
        var nhwc = ConvReference.ToNhwc(ConvReference.Array4(x));
        var expected = ConvReference.ToNchw(ConvReference.Conv2D(nhwc, ReferenceKernel(3, 2, 3, 4), ReferenceBias(4), (2, 1), "same"));
        LayerTestHarness.Run(() => new Conv2D(4, [3, 2], strides: [2, 1], padding: "same", dataFormat: "channels_first",
                kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 4, 4, 6], ConvReference.Flat(expected), [("kernel", [3, 2, 3, 4]), ("bias", [4])]);
    }

    [TestMethod]
    public void NoBiasMeansOnlyAKernel()
    {
        var x = randn(1, 4, 4, 2);
        var expected = ConvReference.Conv2D(ConvReference.Array4(x), ReferenceKernel(2, 2, 2, 3), null, (1, 1), "valid");
        LayerTestHarness.Run(() => new Conv2D(3, 2, useBias: false, kernelInitializer: KernelInit), x,
            [null, 3, 3, 3], ConvReference.Flat(expected), [("kernel", [2, 2, 2, 3])]);
    }

    [TestMethod]
    public void UnknownSpatialDimsStayUnknown()
    {
        var conv = new Conv2D(4, 3, strides: 2, padding: "same");
        CollectionAssert.AreEqual(new int?[] { null, null, 5, 4 }, conv.ComputeOutputShape([null, null, 10, 3]));
        var y = conv.Apply(Keras.Input(shape: [null, null, 3]));
        CollectionAssert.AreEqual(new int?[] { null, null, null, 4 }, y.Shape);
        CollectionAssert.AreEqual(new[] { 3, 3, 3, 4 }, conv.Kernel!.Shape);
        Assert.AreEqual(4, conv.ComputeOutputShape([null, 7, 7, 3])[1]);
        Assert.AreEqual(3, new Conv2D(1, 3, strides: 2).ComputeOutputShape([null, 8, 8, 1])[1]); // floor((8-3)/2)+1
    }

    [TestMethod]
    public void GlorotUniformKernelUsesReceptiveFieldFans()
    {
        var conv = new Conv2D(16, 3);
        conv.Build([null, 10, 10, 8]);
        var limit = Math.Sqrt(6.0 / (3 * 3 * 8 + 3 * 3 * 16));
        var values = conv.Kernel!.ToArray();
        Assert.IsTrue(values.All(v => Math.Abs(v) <= limit));
        Assert.IsTrue(values.Max() > 0.9 * limit && values.Min() < -0.9 * limit);
        Assert.IsTrue(conv.Bias!.ToArray().All(v => v == 0));
    }

    [TestMethod]
    public void WrongRankNamesLayerAndShape()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3).Apply(Keras.Input(shape: [8, 8])));
        Assert.AreEqual("Input 0 of layer \"conv2d\" is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 8, 8)", error.Message);
        error = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3).Apply(Keras.Input(shape: [2, 8, 8, 3])));
        Assert.AreEqual("Input 0 of layer \"conv2d_1\" is incompatible with the layer: expected max_ndim=4, found ndim=5. Full shape received: (None, 2, 8, 8, 3)", error.Message);
        // On real data the layer builds before the input check, so the batch size shows as None (see the report).
        var conv = new Conv2D(4, 3);
        error = Assert.ThrowsExactly<ArgumentException>(() => conv.Apply(zeros(2, 8, 8)));
        StringAssert.StartsWith(error.Message, "Input 0 of layer \"conv2d_2\" is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (");
        Assert.IsFalse(conv.Built);
    }

    [TestMethod]
    public void WrongChannelCountAfterBuild()
    {
        var conv = new Conv2D(4, 3);
        conv.Apply(zeros(1, 5, 5, 3));
        var error = Assert.ThrowsExactly<ArgumentException>(() => conv.Apply(zeros(1, 5, 5, 2)));
        Assert.AreEqual("Input 0 of layer \"conv2d\" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (1, 5, 5, 2)", error.Message);
    }

    [TestMethod]
    public void InvalidArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(0, 3)).Message, "Conv2D: invalid value for argument `filters`");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(5, 3, groups: 2)).Message,
            "the number of filters must be evenly divisible by the number of groups. Received: groups=2, filters=5.");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, groups: 0)).Message, "groups must be a positive integer");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, [3])).Message,
            "Conv2D: the `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=(3,)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, strides: 0)).Message, "`value > 0`");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, padding: "causal")).Message,
            "Conv2D: the `padding` argument must be one of {'valid', 'same'}. Received: padding=causal");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, dataFormat: "nhwc")).Message, "data_format=nhwc");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 3, strides: 2, dilationRate: 2)).Message,
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`");
    }

    [TestMethod]
    public void InputTooSmallOrIndivisibleIsRejectedAtBuild()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(2, 5).Apply(zeros(1, 3, 3, 1)));
        StringAssert.Contains(error.Message, "Layer \"conv2d\" (Conv2D): computed output size would be zero or negative. Received inputs shape=(None, 3, 3, 1)");
        error = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 1, groups: 2).Apply(zeros(1, 3, 3, 3)));
        StringAssert.Contains(error.Message, "the number of input channels must be evenly divisible by the number of groups. Received groups=2, but the input has 3 channels");
        error = Assert.ThrowsExactly<ArgumentException>(() => new Conv2D(4, 1).Apply(Keras.Input(shape: [3, 3, null])));
        StringAssert.Contains(error.Message, "the channel dimension of the inputs should be defined");
    }

    [TestMethod]
    public void GetConfigHasKerasKeys()
    {
        var config = new Conv2D(8, [3, 5], strides: [2, 1], padding: "same", dataFormat: "channels_first", groups: 2, activation: "relu", useBias: false).GetConfig();
        foreach (var key in new[] { "name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                     "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                     "activity_regularizer", "kernel_constraint", "bias_constraint" })
            Assert.IsTrue(config.ContainsKey(key), key);
        Assert.AreEqual(8, config["filters"]);
        CollectionAssert.AreEqual(new[] { 3, 5 }, (int[])config["kernel_size"]!);
        CollectionAssert.AreEqual(new[] { 2, 1 }, (int[])config["strides"]!);
        CollectionAssert.AreEqual(new[] { 1, 1 }, (int[])config["dilation_rate"]!);
        Assert.AreEqual("same", config["padding"]);
        Assert.AreEqual("channels_first", config["data_format"]);
        Assert.AreEqual(2, config["groups"]);
        Assert.AreEqual("relu", config["activation"]);
        Assert.AreEqual(false, config["use_bias"]);
        Assert.AreEqual("GlorotUniform", ((Dictionary<string, object?>)config["kernel_initializer"]!)["class_name"]);
        Assert.AreEqual("Zeros", ((Dictionary<string, object?>)config["bias_initializer"]!)["class_name"]);
    }
}
