using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class BatchNormalizationTests : KerasTestBase
{
    // Deterministic test data, different for each seed.
    static float[] Data(int count, int seed) =>
        Enumerable.Range(0, count).Select(i => (float)(Math.Sin(seed * 7.3 + i * 1.7) * (1 + i % 3) + (i % 3) - 0.5 * seed)).ToArray();

    // Reference moments over every axis but the last of a row-major (n, features) view: mean and biased variance.
    static (double[] Mean, double[] Variance) Moments(float[] x, int features)
    {
        var n = x.Length / features;
        var mean = new double[features];
        var variance = new double[features];
        for (var f = 0; f < features; f++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++) sum += x[i * features + f];
            mean[f] = sum / n;
            double sq = 0;
            for (var i = 0; i < n; i++) sq += (x[i * features + f] - mean[f]) * (x[i * features + f] - mean[f]);
            variance[f] = sq / n; // biased
        }
        return (mean, variance);
    }

    static float[] Normalize(float[] x, int features, double[] mean, double[] variance, double[] gamma, double[] beta, double epsilon)
    {
        var y = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var f = i % features;
            y[i] = (float)((x[i] - mean[f]) / Math.Sqrt(variance[f] + epsilon) * gamma[f] + beta[f]);
        }
        return y;
    }

    [TestMethod]
    public void DefaultsInInferenceDivideBySqrtOnePlusEpsilon()
    {
        var x = tensor(new float[] { 1, -2, 3, 0.5f, 4, -6 }, [2, 3]);
        // Fresh weights: moving_mean 0, moving_variance 1, gamma 1, beta 0 → y = x / sqrt(1 + 0.001).
        var s = (float)(1 / Math.Sqrt(1.001));
        LayerTestHarness.Run(() => new BatchNormalization(), x, [null, 3],
            expectedValues: [1 * s, -2 * s, 3 * s, 0.5f * s, 4 * s, -6 * s],
            expectedWeights: [("gamma", [3]), ("beta", [3]), ("moving_mean", [3]), ("moving_variance", [3])]);
    }

    [TestMethod]
    public void TrainableAndNonTrainableWeightsInKerasOrder()
    {
        var bn = new BatchNormalization();
        bn.Build([null, 4]);
        CollectionAssert.AreEqual(new[] { "gamma", "beta" }, bn.TrainableWeights.Select(w => w.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "moving_mean", "moving_variance" }, bn.NonTrainableWeights.Select(w => w.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "gamma", "beta", "moving_mean", "moving_variance" }, bn.Weights.Select(w => w.Name).ToArray());
        Assert.AreEqual(16L, bn.CountParams());
        CollectionAssert.AreEqual(new float[] { 1, 1, 1, 1 }, bn.Gamma!.ToArray());
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0 }, bn.Beta!.ToArray());
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0 }, bn.MovingMean!.ToArray());
        CollectionAssert.AreEqual(new float[] { 1, 1, 1, 1 }, bn.MovingVariance!.ToArray());
    }

    [TestMethod]
    public void ThreeTrainingStepsUpdateMovingStatisticsWithBiasedVariance()
    {
        const int features = 3;
        const double momentum = 0.9; // not the default, so the update formula is visible in few steps
        var bn = new BatchNormalization(momentum: momentum);
        bn.Build([null, features]);
        var gamma = new double[] { 1.5, -0.5, 2 };
        var beta = new double[] { 0.25, 1, -3 };
        bn.Gamma!.Assign(tensor(gamma.Select(v => (float)v).ToArray(), [features]));
        bn.Beta!.Assign(tensor(beta.Select(v => (float)v).ToArray(), [features]));

        var movingMean = new double[] { 0, 0, 0 };
        var movingVariance = new double[] { 1, 1, 1 };
        for (var step = 1; step <= 3; step++)
        {
            var data = Data(5 * features, step);
            var y = bn.Apply(tensor(data, [5, features]), training: true);

            var (mean, variance) = Moments(data, features);
            // Training output uses the batch statistics.
            LayerTestHarness.AssertClose(Normalize(data, features, mean, variance, gamma, beta, 1e-3), y, 1e-4);
            for (var f = 0; f < features; f++)
            {
                movingMean[f] = movingMean[f] * momentum + mean[f] * (1 - momentum);
                movingVariance[f] = movingVariance[f] * momentum + variance[f] * (1 - momentum);
            }
            LayerTestHarness.AssertClose(movingMean.Select(v => (float)v).ToArray(), bn.MovingMean!.Value, 1e-5);
            LayerTestHarness.AssertClose(movingVariance.Select(v => (float)v).ToArray(), bn.MovingVariance!.Value, 1e-5);
        }

        // Inference afterwards uses the moving statistics, and leaves them alone.
        var probe = Data(2 * features, 9);
        var inference = bn.Apply(tensor(probe, [2, features]));
        LayerTestHarness.AssertClose(Normalize(probe, features, movingMean, movingVariance, gamma, beta, 1e-3), inference, 1e-4);
        LayerTestHarness.AssertClose(movingMean.Select(v => (float)v).ToArray(), bn.MovingMean!.Value, 1e-5);
    }

    [TestMethod]
    public void DefaultMomentumKeepsNinetyNinePercent()
    {
        var bn = new BatchNormalization();
        // One feature, batch [2, 4, 6]: mean 4, biased variance 8/3.
        bn.Apply(tensor(new float[] { 2, 4, 6 }, [3, 1]), training: true);
        // moving_mean = 0 * 0.99 + 4 * 0.01 = 0.04; moving_variance = 1 * 0.99 + 8/3 * 0.01 = 1.0166667
        LayerTestHarness.AssertClose([0.04f], bn.MovingMean!.Value);
        LayerTestHarness.AssertClose([0.99f + 8f / 300f], bn.MovingVariance!.Value);
    }

    [TestMethod]
    public void InferenceUsesAssignedMovingStatistics()
    {
        var bn = new BatchNormalization(epsilon: 0.01);
        bn.Build([null, 2]);
        bn.MovingMean!.Assign(tensor(new float[] { 1, -2 }, [2]));
        bn.MovingVariance!.Assign(tensor(new float[] { 3.99f, 0.24f }, [2]));
        bn.Gamma!.Assign(tensor(new float[] { 2, 1 }, [2]));
        bn.Beta!.Assign(tensor(new float[] { 0, 10 }, [2]));
        var y = bn.Apply(tensor(new float[] { 3, -1, 5, -2.5f }, [2, 2]), training: false);
        // feature 0: (x - 1) / sqrt(4) * 2 + 0 = x - 1 → 2, 4
        // feature 1: (x + 2) / sqrt(0.25) * 1 + 10 = 2x + 14 → 12, 9
        LayerTestHarness.AssertClose([2, 12, 4, 9], y);
    }

    [TestMethod]
    public void FrozenLayerRunsInInferenceEvenWhenTraining()
    {
        var bn = new BatchNormalization();
        bn.Build([null, 2]);
        bn.Trainable = false;
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var y = bn.Apply(x, training: true);
        var s = (float)(1 / Math.Sqrt(1.001));
        LayerTestHarness.AssertClose([1 * s, 2 * s, 3 * s, 4 * s], y);
        CollectionAssert.AreEqual(new float[] { 0, 0 }, bn.MovingMean!.ToArray(), "no update when frozen");
        CollectionAssert.AreEqual(new float[] { 1, 1 }, bn.MovingVariance!.ToArray());
        Assert.AreEqual(0, bn.TrainableWeights.Count);
        Assert.AreEqual(4, bn.NonTrainableWeights.Count);
    }

    [TestMethod]
    public void ChannelsLastImagesAreNormalisedPerChannel()
    {
        const int channels = 2;
        var data = Data(2 * 3 * 3 * channels, 4); // (N=2, H=3, W=3, C=2), row-major so the channel is i % C
        var bn = new BatchNormalization();
        var y = bn.Apply(tensor(data, [2, 3, 3, channels]), training: true);
        CollectionAssert.AreEqual(new long[] { 2, 3, 3, channels }, y.shape);
        var (mean, variance) = Moments(data, channels);
        LayerTestHarness.AssertClose(Normalize(data, channels, mean, variance, [1, 1], [0, 0], 1e-3), y, 1e-4);
        LayerTestHarness.AssertClose(mean.Select(m => (float)(m * 0.01)).ToArray(), bn.MovingMean!.Value);
        LayerTestHarness.AssertClose(variance.Select(v => (float)(0.99 + v * 0.01)).ToArray(), bn.MovingVariance!.Value);
        CollectionAssert.AreEqual(new[] { channels }, bn.Gamma!.Shape);
    }

    [TestMethod]
    public void ChannelsFirstAxisOne()
    {
        // (N=2, C=2, L=2): channel 0 holds {1, 3, 5, 7}, channel 1 holds {0, 0, 4, 4}.
        var x = tensor(new float[] { 1, 3, 0, 0, 5, 7, 4, 4 }, [2, 2, 2]);
        var bn = new BatchNormalization(axis: 1, epsilon: 0);
        var y = bn.Apply(x, training: true);
        // channel 0: mean 4, variance (9+1+1+9)/4 = 5 → (x-4)/sqrt(5); channel 1: mean 2, variance 4 → (x-2)/2
        var r5 = (float)Math.Sqrt(5);
        LayerTestHarness.AssertClose([-3 / r5, -1 / r5, -1, -1, 1 / r5, 3 / r5, 1, 1], y);
        LayerTestHarness.AssertClose([0.04f, 0.02f], bn.MovingMean!.Value);
        LayerTestHarness.AssertClose([0.99f + 0.05f, 0.99f + 0.04f], bn.MovingVariance!.Value);
        CollectionAssert.AreEqual(new int?[] { null, 2, 2 }, bn.ComputeOutputShape([null, 2, 2]));
    }

    [TestMethod]
    public void WithoutCenterAndScaleOnlyMovingStatistics()
    {
        var layer = LayerTestHarness.Run(() => new BatchNormalization(center: false, scale: false), tensor(new float[] { 2, 4 }, [2, 1]), [null, 1],
            expectedValues: [(float)(2 / Math.Sqrt(1.001)), (float)(4 / Math.Sqrt(1.001))],
            expectedWeights: [("moving_mean", [1]), ("moving_variance", [1])]);
        Assert.IsNotNull(layer);
        var bn = new BatchNormalization(center: false, scale: false);
        bn.Build([null, 1]);
        Assert.AreEqual(0, bn.TrainableWeights.Count);
        Assert.IsNull(bn.Gamma);
        Assert.IsNull(bn.Beta);
    }

    [TestMethod]
    public void CustomInitializers()
    {
        var bn = new BatchNormalization(betaInitializer: new Constant(0.5), gammaInitializer: new Constant(2),
            movingMeanInitializer: new Constant(1), movingVarianceInitializer: new Constant(4));
        var y = bn.Apply(tensor(new float[] { 3 }, [1, 1]));
        // (3 - 1) / sqrt(4.001) * 2 + 0.5
        LayerTestHarness.AssertClose([(float)(2 / Math.Sqrt(4.001) * 2 + 0.5)], y);
    }

    [TestMethod]
    public void MovingUpdateIsNotRecordedByAutogradButGradientsReachGammaAndBeta()
    {
        var bn = new BatchNormalization();
        var x = tensor(new float[] { 1, 2, 4, 8, -1, 0 }, [3, 2]);
        var y = bn.Apply(x, training: true);
        Assert.IsFalse(bn.MovingMean!.Value.requires_grad);
        Assert.IsFalse(bn.MovingVariance!.Value.requires_grad);
        (y * y).sum().backward();
        Assert.IsNotNull(bn.Gamma!.Value.grad);
        Assert.IsNotNull(bn.Beta!.Value.grad);
        Assert.IsNull(bn.MovingMean.Value.grad);
    }

    [TestMethod]
    public void WrongFeatureCountAndRankNameLayerAndShapes()
    {
        var bn = new BatchNormalization();
        bn.Build([null, 3]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => bn.Apply(zeros(4, 5)));
        Assert.AreEqual("Input 0 of layer \"batch_normalization\" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (4, 5)", error.Message);
        error = Assert.ThrowsExactly<ArgumentException>(() => bn.Apply(zeros(4, 2, 3)));
        Assert.AreEqual("Input 0 of layer \"batch_normalization\" is incompatible with the layer: expected ndim=2, found ndim=3. Full shape received: (4, 2, 3)", error.Message);
        var outOfRange = new BatchNormalization(axis: 3);
        error = Assert.ThrowsExactly<ArgumentException>(() => outOfRange.Build([null, 3]));
        StringAssert.Contains(error.Message, "batch_normalization_1");
        StringAssert.Contains(error.Message, "axis 3");
    }

    [TestMethod]
    public void UnknownFeatureSizeIsAnError()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new BatchNormalization().Build(new int?[] { null, null }));
        StringAssert.Contains(error.Message, "batch_normalization");
        StringAssert.Contains(error.Message, "(None, None)");
    }

    [TestMethod]
    public void ConfigHasKerasKeysAndDefaults()
    {
        var config = new BatchNormalization().GetConfig();
        CollectionAssert.AreEqual(new[]
        {
            "name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
            "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
            "gamma_constraint", "synchronized", "renorm", "renorm_clipping", "renorm_momentum",
        }, config.Keys.ToArray());
        Assert.AreEqual(-1, config["axis"]);
        Assert.AreEqual(0.99, config["momentum"]);
        Assert.AreEqual(1e-3, config["epsilon"]);
        Assert.AreEqual(true, config["center"]);
        Assert.AreEqual(true, config["scale"]);
        Assert.AreEqual("Zeros", ((Dictionary<string, object?>)config["beta_initializer"]!)["class_name"]);
        Assert.AreEqual("Ones", ((Dictionary<string, object?>)config["gamma_initializer"]!)["class_name"]);
        Assert.AreEqual("Zeros", ((Dictionary<string, object?>)config["moving_mean_initializer"]!)["class_name"]);
        Assert.AreEqual("Ones", ((Dictionary<string, object?>)config["moving_variance_initializer"]!)["class_name"]);
        Assert.AreEqual(false, config["synchronized"]);
        Assert.AreEqual(false, config["renorm"]);
    }

    [TestMethod]
    public void InsideASequentialModelTheTrainingFlagReachesTheLayer()
    {
        var model = new Sequential([new Dense(2, kernelInitializer: "ones", name: "d"), new BatchNormalization(name: "bn")]);
        var bn = (BatchNormalization)model.Layers.Single(l => l.Name == "bn");
        model.Apply(tensor(new float[] { 1, 1, 3, 3 }, [2, 2]), training: true);
        // Dense(ones) gives [2, 2] and [6, 6]: mean 4, biased variance 4 per feature.
        LayerTestHarness.AssertClose([0.04f, 0.04f], bn.MovingMean!.Value);
        LayerTestHarness.AssertClose([1.03f, 1.03f], bn.MovingVariance!.Value);
    }
}
