using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class LayerNormalizationTests : KerasTestBase
{
    static float[] Data(int count, int seed) =>
        Enumerable.Range(0, count).Select(i => (float)(Math.Cos(seed * 3.1 + i * 0.9) * (1 + i % 4) + 0.3 * (i % 5))).ToArray();

    /// <summary>
    /// Reference layer normalisation with plain loops: for every position of the axes not normalised, the mean and the
    /// biased variance over the normalised axes; gamma/beta indexed by the normalised axes' coordinates (row-major).
    /// </summary>
    static float[] Reference(float[] x, int[] shape, int[] axes, float[]? gamma, float[]? beta, double epsilon)
    {
        var rank = shape.Length;
        var strides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= shape[d], d--) strides[d] = s;
        var normalised = axes.Select(a => a < 0 ? a + rank : a).OrderBy(a => a).ToArray();
        var groups = new Dictionary<string, List<int>>();
        var paramIndex = new int[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var key = new List<int>();
            var p = 0;
            for (var d = 0; d < rank; d++)
            {
                var coord = i / strides[d] % shape[d];
                if (normalised.Contains(d)) p = p * shape[d] + coord;
                else key.Add(coord);
            }
            paramIndex[i] = p;
            var k = string.Join(",", key);
            if (!groups.TryGetValue(k, out var list)) groups[k] = list = [];
            list.Add(i);
        }
        var y = new float[x.Length];
        foreach (var members in groups.Values)
        {
            var mean = members.Average(i => (double)x[i]);
            var variance = members.Average(i => (x[i] - mean) * (x[i] - mean));
            foreach (var i in members)
            {
                var v = (x[i] - mean) / Math.Sqrt(variance + epsilon);
                if (gamma is not null) v *= gamma[paramIndex[i]];
                if (beta is not null) v += beta[paramIndex[i]];
                y[i] = (float)v;
            }
        }
        return y;
    }

    [TestMethod]
    public void HandComputedLastAxis()
    {
        // Row [1, 2, 3, 6]: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5 → (x - 3) / sqrt(3.501).
        var s = (float)(1 / Math.Sqrt(3.501));
        LayerTestHarness.Run(() => new LayerNormalization(), tensor(new float[] { 1, 2, 3, 6 }, [1, 4]), [null, 4],
            expectedValues: [-2 * s, -1 * s, 0, 3 * s],
            expectedWeights: [("gamma", [4]), ("beta", [4])]);
    }

    [TestMethod]
    public void DefaultAxisOnRankThreeAgainstLoop()
    {
        int[] shape = [2, 3, 5];
        var data = Data(30, 1);
        var gamma = new float[] { 1, 2, -1, 0.5f, 3 };
        var beta = new float[] { 0, 1, 2, -1, 0.25f };
        var layer = new LayerNormalization();
        layer.Build([null, 3, 5]);
        layer.Gamma!.Assign(tensor(gamma, [5]));
        layer.Beta!.Assign(tensor(beta, [5]));
        var y = layer.Apply(tensor(data, [2, 3, 5]));
        LayerTestHarness.AssertClose(Reference(data, shape, [-1], gamma, beta, 1e-3), y, 1e-5);
        // The same in training.
        LayerTestHarness.AssertClose(Reference(data, shape, [-1], gamma, beta, 1e-3), layer.Apply(tensor(data, [2, 3, 5]), training: true), 1e-5);
    }

    [TestMethod]
    public void SeveralAxesGiveWeightsOfTheirShape()
    {
        int[] shape = [2, 3, 4];
        var data = Data(24, 2);
        var y = LayerTestHarness.Run(() => new LayerNormalization(axis: [-1, 1]), tensor(data, [2, 3, 4]), [null, 3, 4],
            expectedWeights: [("gamma", [3, 4]), ("beta", [3, 4])]);
        LayerTestHarness.AssertClose(Reference(data, shape, [1, 2], null, null, 1e-3), y, 1e-5);

        var layer = new LayerNormalization(axis: [2, 1], epsilon: 0.1);
        layer.Build([null, 3, 4]);
        var gamma = Data(12, 3);
        var beta = Data(12, 4);
        layer.Gamma!.Assign(tensor(gamma, [3, 4]));
        layer.Beta!.Assign(tensor(beta, [3, 4]));
        LayerTestHarness.AssertClose(Reference(data, shape, [1, 2], gamma, beta, 0.1), layer.Apply(tensor(data, [2, 3, 4])), 1e-5);
    }

    [TestMethod]
    public void NonContiguousAxes()
    {
        int[] shape = [2, 3, 2, 4];
        var data = Data(48, 5);
        var layer = new LayerNormalization(axis: [1, 3]);
        layer.Build([null, 3, 2, 4]);
        CollectionAssert.AreEqual(new[] { 3, 4 }, layer.Gamma!.Shape);
        var gamma = Data(12, 6);
        layer.Gamma.Assign(tensor(gamma, [3, 4]));
        LayerTestHarness.AssertClose(Reference(data, shape, [1, 3], gamma, null, 1e-3), layer.Apply(tensor(data, [2, 3, 2, 4])), 1e-5);
    }

    [TestMethod]
    public void NonDefaultAxisZeroFeatureAxis()
    {
        // axis 1 of (batch, 3, 2): each (batch, column) pair is normalised over its 3 rows.
        int[] shape = [2, 3, 2];
        var data = Data(12, 7);
        var y = LayerTestHarness.Run(() => new LayerNormalization(axis: 1), tensor(data, [2, 3, 2]), [null, 3, 2],
            expectedWeights: [("gamma", [3]), ("beta", [3])]);
        LayerTestHarness.AssertClose(Reference(data, shape, [1], null, null, 1e-3), y, 1e-5);
    }

    [TestMethod]
    public void WithoutCenterOrScale()
    {
        var data = Data(8, 8);
        LayerTestHarness.Run(() => new LayerNormalization(center: false), tensor(data, [2, 4]), [null, 4],
            expectedValues: Reference(data, [2, 4], [-1], null, null, 1e-3), expectedWeights: [("gamma", [4])]);
        LayerTestHarness.Run(() => new LayerNormalization(scale: false), tensor(data, [2, 4]), [null, 4],
            expectedValues: Reference(data, [2, 4], [-1], null, null, 1e-3), expectedWeights: [("beta", [4])]);
        LayerTestHarness.Run(() => new LayerNormalization(center: false, scale: false), tensor(data, [2, 4]), [null, 4],
            expectedValues: Reference(data, [2, 4], [-1], null, null, 1e-3), expectedWeights: []);
    }

    [TestMethod]
    public void InitializersAreUsed()
    {
        var layer = new LayerNormalization(betaInitializer: new Constant(1), gammaInitializer: new Constant(2));
        // Row [0, 2]: mean 1, variance 1 → ±1/sqrt(1.001) * 2 + 1.
        var y = layer.Apply(tensor(new float[] { 0, 2 }, [1, 2]));
        var v = (float)(2 / Math.Sqrt(1.001));
        LayerTestHarness.AssertClose([1 - v, 1 + v], y);
    }

    [TestMethod]
    public void ConstantRowGivesBeta()
    {
        // Variance 0: (x - mean) = 0, so the output is beta whatever epsilon.
        var layer = new LayerNormalization(betaInitializer: new Constant(0.5));
        LayerTestHarness.AssertClose([0.5f, 0.5f, 0.5f], layer.Apply(tensor(new float[] { 7, 7, 7 }, [1, 3])));
    }

    [TestMethod]
    public void InvalidAxesAndShapesAreClearErrors()
    {
        var duplicate = Assert.ThrowsExactly<ArgumentException>(() => new LayerNormalization(axis: [2, -1]).Build([null, 4, 3]));
        Assert.AreEqual("Layer \"layer_normalization\" (LayerNormalization): duplicate axes are not allowed. Received: axis=[2, -1].", duplicate.Message);

        var outOfRange = Assert.ThrowsExactly<ArgumentException>(() => new LayerNormalization(axis: 3).Build([null, 4]));
        StringAssert.Contains(outOfRange.Message, "layer_normalization_1");
        StringAssert.Contains(outOfRange.Message, "axis 3 is out of range for inputs of rank 2");

        var layer = new LayerNormalization();
        layer.Build([null, 4]);
        var wrong = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(zeros(2, 5)));
        Assert.AreEqual("Input 0 of layer \"layer_normalization_2\" is incompatible with the layer: expected axis 1 of input shape to have value 4, but received input with shape (2, 5)", wrong.Message);

        Assert.ThrowsExactly<ArgumentException>(() => new LayerNormalization(axis: Array.Empty<int>()));
        Assert.ThrowsExactly<ArgumentException>(() => new LayerNormalization(epsilon: -1));
    }

    [TestMethod]
    public void ConfigHasKerasKeysAndAxisAsKerasShowsIt()
    {
        var layer = new LayerNormalization();
        var config = layer.GetConfig();
        CollectionAssert.AreEqual(new[]
        {
            "name", "trainable", "dtype", "axis", "epsilon", "center", "scale", "rms_scaling", "beta_initializer", "gamma_initializer",
            "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
        }, config.Keys.ToArray());
        Assert.AreEqual(-1, config["axis"]);
        Assert.AreEqual(1e-3, config["epsilon"]);
        Assert.AreEqual(true, config["center"]);
        Assert.AreEqual(true, config["scale"]);
        Assert.AreEqual(false, config["rms_scaling"]);
        Assert.AreEqual("Zeros", ((Dictionary<string, object?>)config["beta_initializer"]!)["class_name"]);
        Assert.AreEqual("Ones", ((Dictionary<string, object?>)config["gamma_initializer"]!)["class_name"]);

        // Keras keeps a list as a list, and after build shows the sorted non-negative axes.
        CollectionAssert.AreEqual(new[] { -1, 1 }, (int[])new LayerNormalization(axis: [-1, 1]).GetConfig()["axis"]!);
        layer.Build([null, 2, 6]);
        CollectionAssert.AreEqual(new[] { 2 }, (int[])layer.GetConfig()["axis"]!);
    }
}
