using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class Conv1DTests : KerasTestBase
{
    static Initializer KernelInit => new RandomUniform(-1, 1, seed: 21);
    static Initializer BiasInit => new RandomUniform(-1, 1, seed: 22);

    // The 1D reference: the 2D loop on a one-row image, with a (1, k, in, out) kernel.
    static float[] Reference(Tensor x, int kernelSize, int inPerGroup, int filters, int stride, string padding, int dilation = 1, int groups = 1)
    {
        var kernel = ConvReference.AsImageKernel(KernelInit.Call([kernelSize, inPerGroup, filters]));
        var bias = LayerTestHarness.Values(BiasInit.Call([filters]));
        return ConvReference.Flat(ConvReference.Conv2D(ConvReference.AsImage(x), kernel, bias, (1, stride), padding, (1, dilation), groups));
    }

    static Conv1D WithKernel(float[] kernel, int stride = 1, string padding = "valid", int dilation = 1)
    {
        var conv = new Conv1D(1, kernel.Length, strides: stride, padding: padding, dilationRate: dilation, useBias: false);
        conv.Build([null, 5, 1]);
        conv.Kernel!.Assign(tensor(kernel, [kernel.Length, 1, 1]));
        return conv;
    }

    [TestMethod]
    public void SameWithEvenKernelAndStride2PadsOnlyAtTheEnd()
    {
        // in 5, k 2, s 2: out ceil(5/2) = 3, total pad (3-1)·2 + 2 - 5 = 1 → 0 before, 1 after (Keras/TF; torch would pad before).
        // windows [1,2] [3,4] [5,0] with kernel [1, 10] → 21, 43, 5.
        var y = WithKernel([1, 10], stride: 2, padding: "same").Apply(tensor(new float[] { 1, 2, 3, 4, 5 }, [1, 5, 1]));
        LayerTestHarness.AssertClose([21, 43, 5], y);
    }

    [TestMethod]
    public void CausalPadsOnlyAtTheStart()
    {
        // (k - 1)·d = 1 zero before: windows [0,1] [1,2] [2,3] [3,4] [4,5] with kernel [1, 10] → 10, 21, 32, 43, 54.
        var y = WithKernel([1, 10], padding: "causal").Apply(tensor(new float[] { 1, 2, 3, 4, 5 }, [1, 5, 1]));
        LayerTestHarness.AssertClose([10, 21, 32, 43, 54], y);
        // dilation 2: 2 zeros before; y[t] = x[t-2] + 10·x[t] → 10, 20, 31, 42, 53.
        y = WithKernel([1, 10], padding: "causal", dilation: 2).Apply(tensor(new float[] { 1, 2, 3, 4, 5 }, [1, 5, 1]));
        LayerTestHarness.AssertClose([10, 20, 31, 42, 53], y);
        CollectionAssert.AreEqual(new int?[] { null, 5, 1 }, WithKernel([1, 10], stride: 1, padding: "causal").ComputeOutputShape([null, 5, 1]));
    }

    [TestMethod]
    public void ValidStride2EvenKernelMatchesReferenceLoop()
    {
        // floor((11 - 4) / 2) + 1 = 4.
        var x = randn(3, 11, 2);
        LayerTestHarness.Run(() => new Conv1D(5, 4, strides: 2, kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 4, 5], Reference(x, 4, 2, 5, 2, "valid"), [("kernel", [4, 2, 5]), ("bias", [5])]);
    }

    [TestMethod]
    public void SameStride2EvenKernelMatchesReferenceLoop()
    {
        // in 10, k 4, s 2: out 5, total (5-1)·2 + 4 - 10 = 2 → (1, 1); in 11: out 6, total 3 → (1, 2).
        var x = randn(2, 11, 3);
        LayerTestHarness.Run(() => new Conv1D(2, 4, strides: 2, padding: "same", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 6, 2], Reference(x, 4, 3, 2, 2, "same"));
        x = randn(2, 10, 3);
        LayerTestHarness.Run(() => new Conv1D(2, 4, strides: 2, padding: "same", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 5, 2], Reference(x, 4, 3, 2, 2, "same"));
    }

    [TestMethod]
    public void DilationMatchesReferenceLoop()
    {
        var x = randn(2, 12, 2);
        LayerTestHarness.Run(() => new Conv1D(3, 3, dilationRate: 2, kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 8, 3], Reference(x, 3, 2, 3, 1, "valid", dilation: 2));
        LayerTestHarness.Run(() => new Conv1D(3, 2, dilationRate: 3, padding: "same", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 12, 3], Reference(x, 2, 2, 3, 1, "same", dilation: 3)); // effective 4: total 3 → (1, 2)
    }

    [TestMethod]
    public void GroupsMatchReferenceLoop()
    {
        var x = randn(2, 7, 4);
        LayerTestHarness.Run(() => new Conv1D(6, 3, groups: 2, kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 5, 6], Reference(x, 3, 2, 6, 1, "valid", groups: 2), [("kernel", [3, 2, 6]), ("bias", [6])]);
    }

    [TestMethod]
    public void ChannelsFirstMatchesTransposedReference()
    {
        var x = randn(2, 3, 9); // (batch, channels, steps)
        var expectedNwc = Reference(x.permute(0, 2, 1), 4, 3, 2, 2, "same"); // (2, 5, 2) steps-major
        var expected = new float[expectedNwc.Length];
        for (var b = 0; b < 2; b++) for (var t = 0; t < 5; t++) for (var f = 0; f < 2; f++) expected[(b * 2 + f) * 5 + t] = expectedNwc[(b * 5 + t) * 2 + f];
        LayerTestHarness.Run(() => new Conv1D(2, 4, strides: 2, padding: "same", dataFormat: "channels_first", kernelInitializer: KernelInit, biasInitializer: BiasInit), x,
            [null, 2, 5], expected);
    }

    [TestMethod]
    public void KerasParamCount()
    {
        // Conv1D(16, 3) on (100, 8): 3·8·16 + 16 = 400.
        var conv = new Conv1D(16, 3);
        var y = conv.Apply(Keras.Input(shape: [100, 8]));
        CollectionAssert.AreEqual(new int?[] { null, 98, 16 }, y.Shape);
        Assert.AreEqual(400, conv.CountParams());
        Assert.AreEqual("conv1d", conv.Name);
    }

    [TestMethod]
    public void WrongRankNamesLayerAndShape()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(4, 3).Apply(Keras.Input(shape: [8])));
        Assert.AreEqual("Input 0 of layer \"conv1d\" is incompatible with the layer: expected min_ndim=3, found ndim=2. Full shape received: (None, 8)", error.Message);
        error = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(4, 3).Apply(zeros(2, 8)));
        StringAssert.Contains(error.Message, "expected min_ndim=3, found ndim=2");
        error = Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(4, 3).ComputeOutputShape([null, 8, 8, 1]));
        StringAssert.Contains(error.Message, "expected max_ndim=3, found ndim=4");
    }

    [TestMethod]
    public void InvalidArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(4, 0)).Message, "Conv1D: the `kernel_size` argument must be a tuple of 1 integers");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Conv1D(4, 3, padding: "full")).Message,
            "Conv1D: the `padding` argument must be one of {'valid', 'same', 'causal'}. Received: padding=full");
    }

    [TestMethod]
    public void GetConfigHasKerasKeys()
    {
        var config = new Conv1D(4, 3, padding: "causal", dilationRate: 2).GetConfig();
        foreach (var key in new[] { "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
                     "use_bias", "kernel_initializer", "bias_initializer" })
            Assert.IsTrue(config.ContainsKey(key), key);
        CollectionAssert.AreEqual(new[] { 3 }, (int[])config["kernel_size"]!);
        CollectionAssert.AreEqual(new[] { 1 }, (int[])config["strides"]!);
        CollectionAssert.AreEqual(new[] { 2 }, (int[])config["dilation_rate"]!);
        Assert.AreEqual("causal", config["padding"]);
        Assert.AreEqual("channels_last", config["data_format"]);
        Assert.AreEqual("linear", config["activation"]);
    }
}
