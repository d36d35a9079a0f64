namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class DropoutTests : KerasTestBase
{
    [TestMethod]
    public void InferenceReturnsTheInputItself()
    {
        var x = randn(4, 5);
        var layer = new Dropout(0.5);
        Assert.IsTrue(ReferenceEquals(x, layer.Apply(x)), "default (inference)");
        Assert.IsTrue(ReferenceEquals(x, layer.Apply(x, training: false)));
        LayerTestHarness.Run(() => new Dropout(0.5), x, [null, 5], expectedValues: LayerTestHarness.Values(x), expectedWeights: []);
    }

    [TestMethod]
    public void TrainingZeroesAboutRateAndScalesTheRest()
    {
        const int n = 100_000;
        const double rate = 0.3;
        var y = new Dropout(rate).Apply(ones(n), training: true);
        var values = LayerTestHarness.Values(y);
        var zeroed = values.Count(v => v == 0);
        var kept = values.Where(v => v != 0).ToArray();
        // Binomial(n, 0.3): standard deviation of the fraction sqrt(0.3 * 0.7 / n) ≈ 0.00145; allow about 5 of them.
        Assert.AreEqual(rate, zeroed / (double)n, 0.0075, "fraction zeroed");
        // Every kept value is 1 / (1 - rate) (inverted dropout), so the mean of the whole output is about 1.
        var scale = (float)(1 / (1 - rate));
        Assert.IsTrue(kept.All(v => Math.Abs(v - scale) < 1e-6), "kept values scaled by 1/(1-rate)");
        Assert.AreEqual(scale, kept.Average(), 1e-5, "mean of kept");
        Assert.AreEqual(1.0, values.Average(), 0.015, "expected value preserved");
    }

    [TestMethod]
    public void KeptValuesAreTheInputsScaled()
    {
        var x = arange(1, 1001, dtype: ScalarType.Float32);
        var y = LayerTestHarness.Values(new Dropout(0.5).Apply(x, training: true));
        var input = LayerTestHarness.Values(x);
        for (var i = 0; i < input.Length; i++)
            Assert.IsTrue(y[i] == 0 || Math.Abs(y[i] - input[i] * 2) < 1e-4, $"element {i}: {y[i]} is neither 0 nor 2 × {input[i]}");
    }

    [TestMethod]
    public void SeedGivesReproducibleMaskSequences()
    {
        var x = ones(50, 40);
        var a = new Dropout(0.5, seed: 42);
        var b = new Dropout(0.5, seed: 42);
        var a1 = LayerTestHarness.Values(a.Apply(x, training: true));
        var a2 = LayerTestHarness.Values(a.Apply(x, training: true));
        var b1 = LayerTestHarness.Values(b.Apply(x, training: true));
        var b2 = LayerTestHarness.Values(b.Apply(x, training: true));
        CollectionAssert.AreEqual(a1, b1, "same seed, same first mask");
        CollectionAssert.AreEqual(a2, b2, "same seed, same second mask");
        CollectionAssert.AreNotEqual(a1, a2, "each call draws a new mask");
        var other = LayerTestHarness.Values(new Dropout(0.5, seed: 43).Apply(x, training: true));
        CollectionAssert.AreNotEqual(a1, other, "another seed, another mask");
    }

    [TestMethod]
    public void UnseededDropoutFollowsTheGlobalSeed()
    {
        var x = ones(30, 30);
        Keras.Utils.SetRandomSeed(7);
        var first = LayerTestHarness.Values(new Dropout(0.4).Apply(x, training: true));
        Keras.Utils.SetRandomSeed(7);
        var second = LayerTestHarness.Values(new Dropout(0.4).Apply(x, training: true));
        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void NoiseShapeSharesTheMaskAlongOneAxes()
    {
        // Mask (batch, 1, features): a feature is kept or dropped for every timestep together.
        var y = new Dropout(0.5, noiseShape: [null, 1, null], seed: 3).Apply(ones(8, 6, 10), training: true);
        var v = LayerTestHarness.Values(y);
        for (var b = 0; b < 8; b++)
            for (var f = 0; f < 10; f++)
                for (var t = 1; t < 6; t++)
                    Assert.AreEqual(v[b * 60 + f], v[b * 60 + t * 10 + f], $"batch {b}, feature {f}, timestep {t}");
        Assert.IsTrue(v.Any(e => e == 0) && v.Any(e => e == 2), "some kept (scaled by 2), some dropped");

        var wrongRank = Assert.ThrowsExactly<ArgumentException>(() => new Dropout(0.5, noiseShape: [null, 1]).Apply(ones(2, 3, 4), training: true));
        StringAssert.Contains(wrongRank.Message, "dropout_1");
        StringAssert.Contains(wrongRank.Message, "(None, 1)");
        var notBroadcast = Assert.ThrowsExactly<ArgumentException>(() => new Dropout(0.5, noiseShape: [null, 2]).Apply(ones(2, 3), training: true));
        StringAssert.Contains(notBroadcast.Message, "(2, 3)");
        Assert.ThrowsExactly<ArgumentException>(() => new Dropout(0.5, noiseShape: [null, 0]));
    }

    [TestMethod]
    public void GradientIsTheMaskScaled()
    {
        var x = ones(1000).requires_grad_(true);
        var y = new Dropout(0.2, seed: 1).Apply(x, training: true);
        y.sum().backward();
        // d(sum)/dx is 1/(1-0.2) = 1.25 where kept and 0 where dropped: exactly the output for an all-ones input.
        CollectionAssert.AreEqual(LayerTestHarness.Values(y), LayerTestHarness.Values(x.grad!));
    }

    [TestMethod]
    public void RateBoundsAreKeras()
    {
        var x = tensor(new float[] { 1, 2, 3 }, [1, 3]);
        Assert.IsTrue(ReferenceEquals(x, new Dropout(0).Apply(x, training: true)), "rate 0 is the identity");
        LayerTestHarness.AssertClose([0, 0, 0], new Dropout(1).Apply(x, training: true));
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Dropout(1.5));
        StringAssert.Contains(error.Message, "rate=1.5");
        Assert.ThrowsExactly<ArgumentException>(() => new Dropout(-0.1));
        Assert.ThrowsExactly<ArgumentException>(() => new Dropout(double.NaN));
    }

    [TestMethod]
    public void TrainingFlagReachesDropoutInsideAModel()
    {
        var model = new Sequential([new Dense(4, kernelInitializer: "ones"), new Dropout(0.5, seed: 0)]);
        var x = ones(200, 2);
        var inference = LayerTestHarness.Values(model.Apply(x));
        Assert.IsTrue(inference.All(v => v == 2), "inference: Dense(ones) output unchanged");
        var training = LayerTestHarness.Values(model.Apply(x, training: true));
        Assert.IsTrue(training.All(v => v == 0 || v == 4), "training: dropped or scaled by 2");
        Assert.IsTrue(training.Any(v => v == 0) && training.Any(v => v == 4));
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new Dropout(0.25, noiseShape: [null, 1], seed: 5).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "trainable", "dtype", "rate", "seed", "noise_shape" }, config.Keys.ToArray());
        Assert.AreEqual("dropout", config["name"]);
        Assert.AreEqual(0.25, config["rate"]);
        Assert.AreEqual(5, config["seed"]);
        CollectionAssert.AreEqual(new int?[] { null, 1 }, (int?[])config["noise_shape"]!);
        var defaults = new Dropout(0.5).GetConfig();
        Assert.IsNull(defaults["seed"]);
        Assert.IsNull(defaults["noise_shape"]);
    }
}
