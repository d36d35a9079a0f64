using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

/// <summary>The metric forms of losses: the (weighted) mean over every sample seen, checked against plain loops and Keras's docstring numbers.</summary>
[TestClass]
public sealed class LossMetricFormTests : KerasTestBase
{
    static readonly double[][] T1 = [[0, 1], [0, 0]];
    static readonly double[][] P1 = [[0.6, 0.4], [0.4, 0.6]];
    static readonly double[][] T2 = [[2, 0.5], [1.5, 3]];
    static readonly double[][] P2 = [[1.5, 0.25], [1, 2.5]];
    static readonly double[] W2 = [0.5, 2];

    static double WeightedMean(double[] values, double[] weights) =>
        values.Select((v, i) => v * weights[i]).Sum() / weights.Sum();

    /// <summary>Two batches (the second weighted), against the weighted mean of the reference per-sample values; then reset.</summary>
    static void AssertAccumulates(Metric metric, Func<double[][], double[][], double[]> perSample, double tolerance = 1e-5)
    {
        metric.UpdateState(Matrix(T1), Matrix(P1));
        var first = perSample(T1, P1).Average();
        Assert.AreEqual(first, (double)metric.Result(), tolerance * Math.Max(1, Math.Abs(first)), $"{metric.Name}, first batch");
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(W2));
        var expected = WeightedMean([.. perSample(T1, P1), .. perSample(T2, P2)], [1, 1, .. W2]);
        Assert.AreEqual(expected, (double)metric.Result(), tolerance * Math.Max(1, Math.Abs(expected)), $"{metric.Name}, two batches");
        metric.ResetState();
        Assert.AreEqual(0.0, (double)metric.Result(), $"{metric.Name}, after reset");
    }

    static double[][] HingeTargets(double[][] t) =>
        t.SelectMany(r => r).All(v => v is 0 or 1) ? t.Select(r => r.Select(v => 2 * v - 1).ToArray()).ToArray() : t;

    [TestMethod]
    public void HingeMetrics()
    {
        AssertAccumulates(new Hinge(), (t, p) => RowMean(HingeTargets(t), p, (a, b) => Math.Max(1 - a * b, 0)));
        AssertAccumulates(new SquaredHinge(), (t, p) => RowMean(HingeTargets(t), p, (a, b) => Math.Pow(Math.Max(1 - a * b, 0), 2)));
        AssertAccumulates(new CategoricalHinge(), (t, p) => t.Select((row, i) =>
            Math.Max(row.Select((v, j) => (1 - v) * p[i][j]).Max() - row.Select((v, j) => v * p[i][j]).Sum() + 1, 0)).ToArray());
    }

    [TestMethod]
    public void RegressionMetrics()
    {
        AssertAccumulates(new MeanAbsolutePercentageError(), (t, p) => RowMean(t, p, (a, b) => 100 * Math.Abs((a - b) / Math.Max(Math.Abs(a), Low))));
        AssertAccumulates(new MeanSquaredLogarithmicError(), (t, p) => RowMean(t, p, (a, b) => Math.Pow(Math.Log(Math.Max(b, Eps) + 1) - Math.Log(Math.Max(a, Eps) + 1), 2)));
        AssertAccumulates(new LogCoshError(), (t, p) => RowMean(t, p, (a, b) => Math.Log(Math.Cosh(b - a))));
        AssertAccumulates(new CosineSimilarity(), (t, p) => t.Select((row, i) =>
        {
            var dot = row.Select((v, j) => v * p[i][j]).Sum();
            var norms = Math.Sqrt(Math.Max(row.Sum(v => v * v), 1e-14)) * Math.Sqrt(Math.Max(p[i].Sum(v => v * v), 1e-14));
            return dot / norms;
        }).ToArray());
    }

    [TestMethod]
    public void ProbabilisticMetrics()
    {
        AssertAccumulates(new KLDivergence(), (t, p) => t.Select((row, i) => row.Select((v, j) =>
        {
            var a = Math.Clamp(v, Low, 1);
            var b = Math.Clamp(p[i][j], Low, 1);
            return a * Math.Log(a / b);
        }).Sum()).ToArray());
        AssertAccumulates(new Poisson(), (t, p) => RowMean(t, p, (a, b) => b - a * Math.Log(b + Eps)));
    }

    [TestMethod]
    [DataRow("hinge", 1.3, 1.1)]
    [DataRow("squared_hinge", 1.86, 1.46)]
    [DataRow("categorical_hinge", 1.4000001, 1.2)]
    [DataRow("kl_divergence", 0.45814306, 0.9162892)]
    public void KerasDocstringExamples(string name, double unweighted, double weighted)
    {
        // [[0, 1], [0, 0]] against [[0.6, 0.4], [0.4, 0.6]], then with sample_weight [1, 0] (numbers from Keras's docstrings).
        var metric = MetricRegistry.Get(name);
        metric.UpdateState(Matrix(T1), Matrix(P1));
        Assert.AreEqual(unweighted, (double)metric.Result(), 1e-6);
        metric.ResetState();
        metric.UpdateState(Matrix(T1), Matrix(P1), Vector(1, 0));
        Assert.AreEqual(weighted, (double)metric.Result(), 1e-6);
    }

    [TestMethod]
    public void KerasDocstringExamplesForRegression()
    {
        var t = Matrix([[0, 1], [0, 0]]);
        var p = Matrix([[1, 1], [0, 0]]);
        (Metric Metric, double Unweighted, double Weighted, double Tolerance)[] cases =
        [
            (new MeanAbsolutePercentageError(), 250000000.0, 500000000.0, 100),
            (new MeanSquaredLogarithmicError(), 0.12011322, 0.24022643, 1e-7),
            (new LogCoshError(), 0.10844523, 0.21689045, 1e-7),
            (new Poisson(), 0.49999997, 0.99999994, 1e-7),
        ];
        foreach (var (metric, unweighted, weighted, tolerance) in cases)
        {
            metric.UpdateState(t, p);
            Assert.AreEqual(unweighted, (double)metric.Result(), tolerance, metric.Name);
            metric.ResetState();
            metric.UpdateState(t, p, Vector(1, 0));
            Assert.AreEqual(weighted, (double)metric.Result(), tolerance, metric.Name);
        }
        var cosine = new CosineSimilarity(axis: 1);
        cosine.UpdateState(Matrix([[0, 1], [1, 1]]), Matrix([[1, 0], [1, 1]]));
        Assert.AreEqual(0.49999997, (double)cosine.Result(), 1e-6);
        cosine.ResetState();
        cosine.UpdateState(Matrix([[0, 1], [1, 1]]), Matrix([[1, 0], [1, 1]]), Vector(0.3, 0.7));
        Assert.AreEqual(0.6999999, (double)cosine.Result(), 1e-6);
    }

    [TestMethod]
    public void ConfigsAreNameAndDtype()
    {
        foreach (var metric in new Metric[] { new Hinge(), new SquaredHinge(), new CategoricalHinge(), new KLDivergence(), new Poisson(),
                     new MeanAbsolutePercentageError(), new MeanSquaredLogarithmicError(), new LogCoshError() })
            CollectionAssert.AreEqual(new[] { "name", "dtype" }, metric.GetConfig().Keys.ToArray(), metric.Name);
        Assert.AreEqual(1, new CosineSimilarity(axis: 1).GetConfig()["axis"]);
    }
}
