using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class FocalLossTests : KerasTestBase
{
    static readonly double[][] BinaryTargets = [[1, 0], [1, 0]];
    static readonly double[][] BinaryProbabilities = [[0.9, 0.8], [0.7, 0.2]];
    static readonly double[][] OneHot = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    static readonly double[][] Probabilities = [[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]];
    static readonly double[][] Logits = [[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]];

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>binary_focal_crossentropy for one element: (1 − p_t)^γ·bce, p_t from the unclipped probability.</summary>
    static double BinaryFocal(double t, double p, double gamma, bool balance = false, double alpha = 0.25, double smoothing = 0)
    {
        t = t * (1 - smoothing) + 0.5 * smoothing;
        var pT = t * p + (1 - t) * (1 - p);
        var focal = Math.Pow(1 - pT, gamma) * Bce(t, p);
        return balance ? (t * alpha + (1 - t) * (1 - alpha)) * focal : focal;
    }

    /// <summary>categorical_focal_crossentropy for one row: −Σ α(1 − q)^γ·t·log q, q the normalised, clipped probabilities.</summary>
    static double CategoricalFocal(double[] t, double[] p, double alpha, double gamma, double smoothing = 0)
    {
        var total = p.Sum();
        double loss = 0;
        for (var j = 0; j < t.Length; j++)
        {
            var target = t[j] * (1 - smoothing) + smoothing / t.Length;
            var q = Math.Clamp(p[j] / total, Low, High);
            loss -= alpha * Math.Pow(1 - q, gamma) * target * Math.Log(q);
        }
        return loss;
    }

    static double[] Softmax(double[] x)
    {
        var e = x.Select(v => Math.Exp(v - x.Max())).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    [TestMethod]
    public void BinaryFocalMatchesKerasTestsAndReference()
    {
        var perSample = RowMean(BinaryTargets, BinaryProbabilities, (t, p) => BinaryFocal(t, p, 2.0));
        // losses_test.py: reduction None gives (0.515547, 0.020513), the mean 0.268.
        Assert.AreEqual(0.515547, perSample[0], 1e-5);
        Assert.AreEqual(0.020513, perSample[1], 1e-5);
        var loss = new BinaryFocalCrossentropy();
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(BinaryTargets), Matrix(BinaryProbabilities)), 1e-5);
        Assert.AreEqual(0.268, loss.Call(Matrix(BinaryTargets), Matrix(BinaryProbabilities)).item<float>(), 1e-3);
        // Sample weights (1.2, 3.4): 0.34415 in losses_test.py.
        Assert.AreEqual(Reduce(perSample, [1.2, 3.4], "sum_over_batch_size"),
            loss.Call(Matrix(BinaryTargets), Matrix(BinaryProbabilities), Vector(1.2, 3.4)).item<float>(), 1e-5);
        Assert.AreEqual(0.34415, Reduce(perSample, [1.2, 3.4], "sum_over_batch_size"), 1e-4);
    }

    [TestMethod]
    public void BinaryFocalFromLogitsGoesThroughTheSigmoid()
    {
        double[][] t = [[1, 1, 0], [0, 1, 0]];
        double[][] logits = [[1.5, -2.7, 2.9], [-3.8, 1.2, -4.5]];
        var perSample = RowMean(t, logits, (a, x) => BinaryFocal(a, Sigmoid(x), 3.0));
        var loss = new BinaryFocalCrossentropy(gamma: 3.0, fromLogits: true);
        Assert.AreEqual(Reduce(perSample, null, "sum_over_batch_size"), loss.Call(Matrix(t), Matrix(logits)).item<float>(), 1e-5);
        Assert.AreEqual(0.799, loss.Call(Matrix(t), Matrix(logits)).item<float>(), 1e-3, "losses_test.py");
    }

    [TestMethod]
    [DataRow(0.25, 2.0, 0.0)]
    [DataRow(0.6, 0.5, 0.1)]
    public void BinaryFocalWithClassBalancingAndSmoothing(double alpha, double gamma, double smoothing)
    {
        var perSample = RowMean(BinaryTargets, BinaryProbabilities, (t, p) => BinaryFocal(t, p, gamma, true, alpha, smoothing));
        var loss = new BinaryFocalCrossentropy(applyClassBalancing: true, alpha: alpha, gamma: gamma, labelSmoothing: smoothing, reduction: "none");
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Call(Matrix(BinaryTargets), Matrix(BinaryProbabilities)), 1e-5);
    }

    [TestMethod]
    public void BinaryFocalWithGammaZeroIsBinaryCrossentropy()
    {
        var focal = new BinaryFocalCrossentropy(gamma: 0).Call(Matrix(BinaryTargets), Matrix(BinaryProbabilities)).item<float>();
        var bce = Reduce(RowMean(BinaryTargets, BinaryProbabilities, Bce), null, "sum_over_batch_size");
        Assert.AreEqual(bce, focal, 1e-6);
    }

    [TestMethod]
    public void CategoricalFocalMatchesKerasTestsAndReference()
    {
        var perSample = OneHot.Select((t, i) => CategoricalFocal(t, Probabilities[i], 0.25, 2.0)).ToArray();
        var loss = new CategoricalFocalCrossentropy();
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(OneHot), Matrix(Probabilities)), 1e-6);
        Assert.AreEqual(0.02059, loss.Call(Matrix(OneHot), Matrix(Probabilities)).item<float>(), 1e-3, "losses_test.py");
        Assert.AreEqual(Reduce(perSample, [1.2, 3.4, 5.6], "sum_over_batch_size"),
            loss.Call(Matrix(OneHot), Matrix(Probabilities), Vector(1.2, 3.4, 5.6)).item<float>(), 1e-6);
        Assert.AreEqual(0.06987, Reduce(perSample, [1.2, 3.4, 5.6], "sum_over_batch_size"), 1e-3, "losses_test.py, weighted");
    }

    [TestMethod]
    public void CategoricalFocalFromLogitsAndSmoothing()
    {
        var perSample = OneHot.Select((t, i) => CategoricalFocal(t, Softmax(Logits[i]), 0.5, 1.5, 0.2)).ToArray();
        var loss = new CategoricalFocalCrossentropy(alpha: 0.5, gamma: 1.5, fromLogits: true, labelSmoothing: 0.2, reduction: "none");
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Call(Matrix(OneHot), Matrix(Logits)), 1e-5);
        Assert.AreEqual(0.000345, new CategoricalFocalCrossentropy(fromLogits: true).Call(Matrix(OneHot), Matrix(Logits)).item<float>(), 1e-4, "losses_test.py");
    }

    [TestMethod]
    public void ConfigsHaveKerasKeysAndDefaults()
    {
        var binary = new BinaryFocalCrossentropy().GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "reduction", "from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma" }, binary.Keys.ToArray());
        Assert.AreEqual("binary_focal_crossentropy", binary["name"]);
        Assert.AreEqual(false, binary["apply_class_balancing"]);
        Assert.AreEqual(0.25, binary["alpha"]);
        Assert.AreEqual(2.0, binary["gamma"]);
        var categorical = new CategoricalFocalCrossentropy().GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "reduction", "from_logits", "label_smoothing", "axis", "alpha", "gamma" }, categorical.Keys.ToArray());
        Assert.AreEqual("categorical_focal_crossentropy", categorical["name"]);
    }

    [TestMethod]
    public void BadArgumentsAreClearErrors()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new BinaryFocalCrossentropy(gamma: -1)).Message, "gamma");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CategoricalFocalCrossentropy(labelSmoothing: 1.5)).Message, "label_smoothing");
        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => new CategoricalFocalCrossentropy().Call(Vector(0, 2), Matrix(Probabilities[..2])));
        StringAssert.Contains(mismatch.Message, "categorical_focal_crossentropy");
    }
}
