using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class RegressionLossTests : KerasTestBase
{
    static readonly double[][] YTrue = [[1.0, 0.0, 2.0], [0.5, -1.0, 3.0]];
    static readonly double[][] YPred = [[0.5, 0.2, 4.0], [0.5, 1.5, 2.0]];
    static readonly double[] Weights = [0.3, 1.7];

    static void AssertReductions(Loss loss, double[] perSample)
    {
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(YTrue), Matrix(YPred)), 1e-5);
        Assert.AreEqual(Reduce(perSample, null, "sum_over_batch_size"), loss.Call(Matrix(YTrue), Matrix(YPred)).item<float>(), 1e-5, "default reduction");
        Assert.AreEqual(Reduce(perSample, Weights, "sum_over_batch_size"), loss.Call(Matrix(YTrue), Matrix(YPred), Vector(Weights)).item<float>(), 1e-5, "weighted");
    }

    [TestMethod]
    public void MeanSquaredErrorIsRowMeanOfSquares()
    {
        var perSample = RowMean(YTrue, YPred, (t, p) => (t - p) * (t - p));
        AssertReductions(new MeanSquaredError(), perSample);
        // Row 0: (0.25 + 0.04 + 4) / 3 = 1.43; row 1: (0 + 6.25 + 1) / 3 = 2.41666…
        Assert.AreEqual(1.43, perSample[0], 1e-9);
        Assert.AreEqual("mean_squared_error", new MeanSquaredError().Name);
    }

    [TestMethod]
    [DataRow("sum")]
    [DataRow("mean")]
    [DataRow("mean_with_sample_weight")]
    [DataRow("sum_over_batch_size")]
    public void MeanSquaredErrorHonoursEachReduction(string reduction)
    {
        var perSample = RowMean(YTrue, YPred, (t, p) => (t - p) * (t - p));
        var loss = new MeanSquaredError(reduction);
        Assert.AreEqual(Reduce(perSample, Weights, reduction), loss.Call(Matrix(YTrue), Matrix(YPred), Vector(Weights)).item<float>(), 1e-5);
    }

    [TestMethod]
    public void NoneReductionKeepsWeightedPerSampleValues()
    {
        var perSample = RowMean(YTrue, YPred, (t, p) => Math.Abs(t - p));
        var values = new MeanAbsoluteError("none").Call(Matrix(YTrue), Matrix(YPred), Vector(Weights));
        LayerTestHarness.AssertClose(perSample.Select((v, i) => (float)(v * Weights[i])).ToArray(), values, 1e-5);
    }

    [TestMethod]
    public void MeanAbsoluteErrorIsRowMeanOfAbsoluteErrors() =>
        AssertReductions(new MeanAbsoluteError(), RowMean(YTrue, YPred, (t, p) => Math.Abs(t - p)));

    [TestMethod]
    public void RankOneTargetsAgainstColumnPredictionsAreAligned()
    {
        // (3,) targets with (3, 1) predictions: Keras expands the targets, so each sample keeps its own error.
        var loss = new MeanSquaredError("none").Call(Vector(1, 2, 3), Vector(1.5, 2, 0).reshape(3, 1));
        LayerTestHarness.AssertClose([0.25f, 0f, 9f], loss, 1e-6);
    }

    [TestMethod]
    [DataRow(1.0)]
    [DataRow(0.5)]
    public void HuberIsQuadraticInsideDeltaAndLinearOutside(double delta)
    {
        double Huber(double t, double p)
        {
            var e = Math.Abs(p - t);
            return e <= delta ? 0.5 * e * e : delta * e - 0.5 * delta * delta;
        }
        AssertReductions(new Huber(delta), RowMean(YTrue, YPred, Huber));
        Assert.AreEqual("huber_loss", new Huber().Name);
        Assert.AreEqual(1.0, new Huber().Delta);
    }

    [TestMethod]
    public void HuberRejectsNegativeDelta()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Huber(-1));
        StringAssert.Contains(e.Message, "delta");
    }

    [TestMethod]
    public void PoissonIsPredMinusTrueTimesLogPredPlusEpsilon()
    {
        double[][] t = [[1, 0, 3], [2, 2, 0]];
        double[][] p = [[0.5, 0.1, 2.5], [0, 1, 4]];   // a 0 prediction: log(0 + ε)
        var perSample = RowMean(t, p, (a, b) => b - a * Math.Log(b + Eps));
        var loss = new Poisson("none");
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Call(Matrix(t), Matrix(p)), 2e-5);
    }

    [TestMethod]
    public void KLDivergenceClipsBothSidesToEpsilonAndOne()
    {
        double[][] t = [[0.0, 0.3, 0.7], [1.0, 0.0, 0.0]];
        double[][] p = [[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]];
        var expected = new double[2];
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
            {
                var a = Math.Clamp((double)(float)t[i][j], Low, 1);
                var b = Math.Clamp((double)(float)p[i][j], Low, 1);
                expected[i] += a * Math.Log(a / b);
            }
        LayerTestHarness.AssertClose(expected.Select(v => (float)v).ToArray(), new KLDivergence().Compute(Matrix(t), Matrix(p)), 1e-5);
        Assert.AreEqual("kl_divergence", new KLDivergence().Name);
    }

    [TestMethod]
    public void CosineSimilarityIsNegativeAndZeroForAZeroVector()
    {
        double[][] t = [[1, 2, 2], [0, 0, 0], [1, 0, 0]];
        double[][] p = [[2, 4, 4], [1, 1, 1], [-3, 0, 0]];
        var expected = new double[3];
        for (var i = 0; i < 3; i++)
        {
            double dot = 0, nt = 0, np = 0;
            for (var j = 0; j < 3; j++)
            {
                dot += t[i][j] * p[i][j];
                nt += t[i][j] * t[i][j];
                np += p[i][j] * p[i][j];
            }
            expected[i] = nt == 0 || np == 0 ? 0 : -dot / Math.Sqrt(nt * np);
        }
        // Same direction → −1, zero vector → 0, opposite → +1.
        CollectionAssert.AreEqual(new[] { -1.0, 0.0, 1.0 }, expected.Select(v => Math.Round(v, 9)).ToArray());
        LayerTestHarness.AssertClose(expected.Select(v => (float)v).ToArray(), new CosineSimilarity().Compute(Matrix(t), Matrix(p)), 1e-6);
        Assert.AreEqual(expected.Average(), new CosineSimilarity().Call(Matrix(t), Matrix(p)).item<float>(), 1e-6, "(−1 + 0 + 1) / 3");
    }

    [TestMethod]
    public void CosineSimilarityAlongAnotherAxis()
    {
        // axis 0 of a (2, 2): columns [1, 0]·[1, 0] → −1 and [0, 1]·[0, −1] → +1.
        var values = new CosineSimilarity(axis: 0, reduction: "none").Call(Matrix([[1, 0], [0, 1]]), Matrix([[1, 0], [0, -1]]));
        LayerTestHarness.AssertClose([-1f, 1f], values, 1e-6);
    }

    [TestMethod]
    public void ConfigCarriesKerasKeys()
    {
        var config = new Huber(0.5, "sum", "h").GetConfig();
        Assert.AreEqual("h", config["name"]);
        Assert.AreEqual("sum", config["reduction"]);
        Assert.AreEqual(0.5, config["delta"]);
    }

    [TestMethod]
    public void InvalidReductionIsNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MeanSquaredError("average"));
        StringAssert.Contains(e.Message, "average");
        StringAssert.Contains(e.Message, "sum_over_batch_size");
    }
}
