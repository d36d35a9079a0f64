using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Initializers;

[TestClass]
public sealed class InitializerTests : KerasTestBase
{
    static (double Mean, double Std, double MaxAbs) Stats(Tensor t)
    {
        var v = LayerTestHarness.Values(t);
        var mean = v.Average(x => (double)x);
        var std = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        return (mean, std, v.Max(x => Math.Abs((double)x)));
    }

    [TestMethod]
    [DataRow("glorot_uniform", 400, 600, 1.0, 1000.0)]   // limit sqrt(6/(in+out)), std = limit/sqrt(3)
    [DataRow("he_uniform", 400, 600, 2.0, 400.0)]
    [DataRow("lecun_uniform", 400, 600, 1.0, 400.0)]
    public void UniformVarianceScalingHasKerasLimitAndVariance(string name, int fanIn, int fanOut, double scale, double denominator)
    {
        Initializer init = name;
        var (mean, std, maxAbs) = Stats(init.Call([fanIn, fanOut]));
        var limit = Math.Sqrt(3 * scale / (name == "glorot_uniform" ? (fanIn + fanOut) / 2.0 : denominator));
        Assert.IsTrue(maxAbs <= limit + 1e-6, $"max |x| {maxAbs} within limit {limit}");
        Assert.AreEqual(limit / Math.Sqrt(3), std, limit * 0.02);
        Assert.AreEqual(0, mean, limit * 0.01);
    }

    [TestMethod]
    [DataRow("glorot_normal", 2.0 / 1000)]  // variance 1/fan_avg = 2/(in+out)
    [DataRow("he_normal", 2.0 / 400)]
    [DataRow("lecun_normal", 1.0 / 400)]
    public void TruncatedNormalVarianceScalingHasKerasVarianceAndBound(string name, double variance)
    {
        Initializer init = name;
        var (mean, std, maxAbs) = Stats(init.Call([400, 600]));
        // Keras divides the stddev by .87962566103423978 so that the truncated distribution keeps the variance.
        Assert.AreEqual(Math.Sqrt(variance), std, Math.Sqrt(variance) * 0.02);
        Assert.IsTrue(maxAbs <= 2 * Math.Sqrt(variance) / .87962566103423978 + 1e-6, "truncated at two (pre-truncation) stddevs");
        Assert.AreEqual(0, mean, 0.01 * Math.Sqrt(variance));
    }

    [TestMethod]
    public void ConvolutionKernelFansIncludeTheReceptiveField()
    {
        var (fanIn, fanOut) = VarianceScaling.ComputeFans([3, 3, 16, 32]);
        Assert.AreEqual(9 * 16, fanIn);
        Assert.AreEqual(9 * 32, fanOut);
        Assert.AreEqual((5.0, 5.0), VarianceScaling.ComputeFans([5]));
    }

    [TestMethod]
    public void ConstantsAndDefaults()
    {
        CollectionAssert.AreEqual(new float[] { 0, 0, 0 }, LayerTestHarness.Values(((Initializer)"zeros").Call([3])));
        CollectionAssert.AreEqual(new float[] { 1, 1 }, LayerTestHarness.Values(((Initializer)"ones").Call([2])));
        CollectionAssert.AreEqual(new float[] { 2.5f, 2.5f }, LayerTestHarness.Values(new Constant(2.5).Call([2])));
        var (mean, std, _) = Stats(((Initializer)"random_normal").Call([100_000]));
        Assert.AreEqual(0.05, std, 0.002);
        Assert.AreEqual(0, mean, 0.002);
        var (_, _, maxAbs) = Stats(((Initializer)"random_uniform").Call([10_000]));
        Assert.IsTrue(maxAbs <= 0.05 && maxAbs > 0.049);
    }

    [TestMethod]
    public void OrthogonalGivesOrthonormalColumnsTimesGain()
    {
        var q = new Orthogonal(gain: 2.0, seed: 3).Call([6, 4]);
        var gram = matmul(q.t(), q) / 4.0; // (gain·Q)ᵀ(gain·Q) = gain² I
        LayerTestHarness.AssertClose(LayerTestHarness.Values(eye(4)), gram, 1e-5);
        var wide = new Orthogonal(seed: 3).Call([3, 5]);
        LayerTestHarness.AssertClose(LayerTestHarness.Values(eye(3)), matmul(wide, wide.t()), 1e-5);
    }

    [TestMethod]
    public void SeedsRepeatAndUnseededDraws()
    {
        CollectionAssert.AreEqual(LayerTestHarness.Values(new HeNormal(seed: 5).Call([10])), LayerTestHarness.Values(new HeNormal(seed: 5).Call([10])));
        CollectionAssert.AreNotEqual(LayerTestHarness.Values(new HeNormal(seed: 5).Call([10])), LayerTestHarness.Values(new HeNormal(seed: 6).Call([10])));
        var unseeded = new HeNormal();
        CollectionAssert.AreNotEqual(LayerTestHarness.Values(unseeded.Call([10])), LayerTestHarness.Values(unseeded.Call([10])));
    }

    [TestMethod]
    public void UnknownNameListsKnownInitializers()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => { Initializer _ = "glorot"; });
        StringAssert.Contains(error.Message, "Unknown initializer 'glorot'. Known initializers: glorot_uniform, glorot_normal");
    }

    [TestMethod]
    public void SerializesAsKerasDoes()
    {
        var config = new GlorotUniform(seed: 9).Serialize();
        Assert.AreEqual("keras.initializers", config["module"]);
        Assert.AreEqual("GlorotUniform", config["class_name"]);
        Assert.AreEqual(9, ((Dictionary<string, object?>)config["config"]!)["seed"]);
    }
}
