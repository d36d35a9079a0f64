using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class RegressionAndCrossentropyMetricTests : KerasTestBase
{
    static readonly double[][] T1 = [[0, 1], [0, 0]];
    static readonly double[][] P1 = [[1, 1], [0, 0]];
    static readonly double[][] T2 = [[2, 1], [0.5, 3]];
    static readonly double[][] P2 = [[1.5, 0], [1, 1]];

    static double WeightedMean(double[] values, double[]? weights)
    {
        double sum = 0, count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var w = weights?[i] ?? 1;
            sum += values[i] * w;
            count += w;
        }
        return count == 0 ? 0 : sum / count;
    }

    [TestMethod]
    public void MeanSquaredErrorAccumulatesTwoBatchesWithWeights()
    {
        double[] w2 = [0.5, 2];
        var squares = RowMean(T1, P1, (t, p) => (t - p) * (t - p)).Concat(RowMean(T2, P2, (t, p) => (t - p) * (t - p))).ToArray();
        var metric = new MeanSquaredError();
        metric.UpdateState(Matrix(T1), Matrix(P1));
        Assert.AreEqual(0.25, (double)metric.Result(), 1e-6, "Keras's example: [[0, 1], [0, 0]] vs [[1, 1], [0, 0]]");
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(w2));
        Assert.AreEqual(WeightedMean(squares, [1, 1, .. w2]), (double)metric.Result(), 1e-6);
        metric.ResetState();
        Assert.AreEqual(0.0, (double)metric.Result());
        Assert.AreEqual("mean_squared_error", metric.Name);
    }

    [TestMethod]
    public void MeanAbsoluteErrorWithWeights()
    {
        var metric = new MeanAbsoluteError();
        metric.UpdateState(Matrix(T1), Matrix(P1), Vector(1, 0));
        Assert.AreEqual(0.5, (double)metric.Result(), 1e-6, "Keras's example with sample_weight [1, 0]");
        Assert.AreEqual("mean_absolute_error", metric.Name);
    }

    [TestMethod]
    public void RootMeanSquaredErrorIsTheRootOfTheWeightedMean()
    {
        var metric = new RootMeanSquaredError();
        metric.UpdateState(Matrix(T1), Matrix(P1));
        Assert.AreEqual(0.5, (double)metric.Result(), 1e-6, "sqrt(0.25)");
        metric.ResetState();
        metric.UpdateState(Matrix(T1), Matrix(P1), Vector(1, 0));
        Assert.AreEqual(0.70710677, (double)metric.Result(), 1e-6, "sqrt(0.5), Keras's weighted example");
        double[] w2 = [0.5, 2];
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(w2));
        var squares = RowMean(T1, P1, (t, p) => (t - p) * (t - p)).Concat(RowMean(T2, P2, (t, p) => (t - p) * (t - p))).ToArray();
        Assert.AreEqual(Math.Sqrt(WeightedMean(squares, [1, 0, .. w2])), (double)metric.Result(), 1e-6);
        Assert.AreEqual("root_mean_squared_error", metric.Name);
    }

    [TestMethod]
    public void BinaryCrossentropyMetricWithLogitsAndSmoothing()
    {
        double[][] t = [[0, 1], [1, 0]];
        double[][] x = [[-1.0, 2.0], [0.5, 0.3]];
        const double s = 0.2;
        var expected = RowMean(t, x, (a, b) => BceLogit(a * (1 - s) + 0.5 * s, b));
        var metric = new BinaryCrossentropy(fromLogits: true, labelSmoothing: s);
        metric.UpdateState(Matrix(t[..1]), Matrix(x[..1]));
        metric.UpdateState(Matrix(t[1..]), Matrix(x[1..]));
        Assert.AreEqual(expected.Average(), (double)metric.Result(), 1e-5);
    }

    [TestMethod]
    public void BinaryCrossentropyMetricClipsCertainPredictions()
    {
        double[][] t = [[1], [0]];
        double[][] p = [[0], [0]];
        var metric = new BinaryCrossentropy();
        metric.UpdateState(Matrix(t), Matrix(p));
        Assert.AreEqual((Bce(1, 0) + Bce(0, 0)) / 2, (double)metric.Result(), 1e-4);
    }

    [TestMethod]
    public void CategoricalCrossentropyMetric()
    {
        double[][] t = [[0, 1, 0], [0, 0, 1]];
        double[][] p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]];
        var expected = t.Select((row, i) => Cce(row, AsFloat(p)[i])).ToArray();   // Keras's example: mean 1.176
        var metric = new CategoricalCrossentropy();
        metric.UpdateState(Matrix(t), Matrix(p));
        Assert.AreEqual(expected.Average(), (double)metric.Result(), 1e-5);
        Assert.AreEqual(1.176, (double)metric.Result(), 1e-3);
        var smoothed = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1);
        smoothed.UpdateState(Matrix(t), Matrix(p));
        var expectedSmoothed = t.Select((row, i) => CceLogits(row.Select(v => v * 0.9 + 0.1 / 3).ToArray(), AsFloat(p)[i])).Average();
        Assert.AreEqual(expectedSmoothed, (double)smoothed.Result(), 1e-5);
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyMetricWithWeightsAndIgnoreClass()
    {
        double[][] p = [[0.05, 0.95, 0], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
        long[] labels = [1, 2, 0];
        var values = labels.Select((l, i) => Cce(OneHot((int)l, 3), AsFloat(p)[i])).ToArray();
        var metric = new SparseCategoricalCrossentropy();
        metric.UpdateState(tensor(labels), Matrix(p), Vector(1, 0.5, 2));
        Assert.AreEqual(WeightedMean(values, [1, 0.5, 2]), (double)metric.Result(), 1e-5);

        // Label 2 ignored: the mean is over the other two only.
        var ignoring = new SparseCategoricalCrossentropy(ignoreClass: 2);
        ignoring.UpdateState(tensor(labels), Matrix(p));
        Assert.AreEqual(WeightedMean(values, [1, 0, 1]), (double)ignoring.Result(), 1e-5);
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyMetricLabelOutOfRange()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().UpdateState(tensor(new long[] { 0, 3 }), Matrix([[0.5, 0.5, 0], [0.2, 0.3, 0.5]])));
        StringAssert.Contains(e.Message, "label value 3");
        StringAssert.Contains(e.Message, "3 classes");
    }
}
