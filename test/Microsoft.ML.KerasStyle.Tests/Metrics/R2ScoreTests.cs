using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class R2ScoreTests : KerasTestBase
{
    static readonly double[][] T1 = [[1, 10], [4, 12], [3, 7]];
    static readonly double[][] P1 = [[2, 9], [4, 12.5], [4, 8]];
    static readonly double[][] T2 = [[0, 11], [2, 6]];
    static readonly double[][] P2 = [[0.5, 10], [2.5, 6.5]];
    static readonly double[] W2 = [2, 0.5];

    /// <summary>The textbook weighted R² per output: 1 − Σw(y − ŷ)² / Σw(y − ȳ)², ȳ the weighted mean; and the variances.</summary>
    static (double[] Scores, double[] Totals) PerOutput((double[][] T, double[][] P, double[]? W)[] batches)
    {
        var rows = batches.SelectMany(b => b.T.Select((t, i) => (T: t, P: b.P[i], W: b.W?[i] ?? 1))).ToList();
        var outputs = rows[0].T.Length;
        var scores = new double[outputs];
        var totals = new double[outputs];
        for (var j = 0; j < outputs; j++)
        {
            var mean = rows.Sum(r => r.W * r.T[j]) / rows.Sum(r => r.W);
            totals[j] = rows.Sum(r => r.W * (r.T[j] - mean) * (r.T[j] - mean));
            scores[j] = 1 - rows.Sum(r => r.W * (r.T[j] - r.P[j]) * (r.T[j] - r.P[j])) / totals[j];
        }
        return (scores, totals);
    }

    static double[] Values(MetricValue value) => value.Tensor.to(ScalarType.Float64).reshape(-1).data<double>().ToArray();

    [TestMethod]
    public void KerasDocstringExample()
    {
        var metric = new R2Score();
        metric.UpdateState(Matrix([[1], [4], [3]]), Matrix([[2], [4], [4]]));
        Assert.AreEqual(0.57142854, (double)metric.Result(), 1e-6);
    }

    static double[] Expected(string? aggregation, params (double[][] T, double[][] P, double[]? W)[] batches)
    {
        var (scores, totals) = PerOutput(batches);
        return aggregation switch
        {
            "uniform_average" => [scores.Average()],
            "variance_weighted_average" => [scores.Select((s, j) => s * totals[j]).Sum() / totals.Sum()],
            _ => scores,
        };
    }

    static void AssertClose(double[] expected, MetricValue result, string message)
    {
        var actual = Values(result);
        Assert.HasCount(expected.Length, actual, message);
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5, $"{message} [{i}]");
    }

    [TestMethod]
    [DataRow("uniform_average")]
    [DataRow("variance_weighted_average")]
    [DataRow(null)]
    public void AggregationsMatchTheTextbookFormulaOverWeightedBatches(string? aggregation)
    {
        var metric = new R2Score(aggregation);
        metric.UpdateState(Matrix(T1), Matrix(P1));
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(W2));
        AssertClose(Expected(aggregation, (T1, P1, null), (T2, P2, W2)), metric.Result(), "two batches");
        metric.ResetState();
        metric.UpdateState(Matrix(T2), Matrix(P2));
        AssertClose(Expected(aggregation, (T2, P2, null)), metric.Result(), "after reset");
    }

    [TestMethod]
    public void AdjustedScoreCountsSamplesWithWeight()
    {
        // W2 has no zero weight, so n = 5 samples; p = 2 regressors.
        var (scores, _) = PerOutput([(T1, P1, null), (T2, P2, W2)]);
        var metric = new R2Score(numRegressors: 2);
        metric.UpdateState(Matrix(T1), Matrix(P1));
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(W2));
        Assert.AreEqual(5.0, metric.NumSamples.ToArray()[0]);
        Assert.AreEqual(1 - (1 - scores.Average()) * (5 - 1) / (5 - 2 - 1.0), (double)metric.Result(), 1e-5);
    }

    [TestMethod]
    public void TooManyRegressorsFallBackToThePlainScore()
    {
        var metric = new R2Score(numRegressors: 2);
        metric.UpdateState(Matrix(T1), Matrix(P1));   // n = 3 = p + 1: Keras warns and gives the plain score
        var (scores, _) = PerOutput([(T1, P1, null)]);
        Assert.AreEqual(scores.Average(), (double)metric.Result(), 1e-5);
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(0, 0));
        Assert.AreEqual(3.0, metric.NumSamples.ToArray()[0], "samples with zero weight are not counted");
    }

    [TestMethod]
    public void ConstantTargetsScoreZeroAsInKeras()
    {
        // Output 0 is constant: its ratio is infinite, which Keras's result turns into 0.
        var metric = new R2Score(classAggregation: null);
        metric.UpdateState(Matrix([[2, 1], [2, 3]]), Matrix([[1, 1], [3, 2]]));
        var values = Values(metric.Result());
        Assert.AreEqual(0.0, values[0]);
        Assert.AreEqual(1 - 1.0 / 2, values[1], 1e-6);
    }

    [TestMethod]
    public void StateConfigAndErrors()
    {
        var metric = new R2Score();
        CollectionAssert.AreEqual(new[] { "num_samples" }, metric.Variables.Select(v => v.Name).ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => metric.Result()).Message, "r2_score");
        metric.UpdateState(Matrix(T1), Matrix(P1));
        CollectionAssert.AreEqual(new[] { "num_samples", "squared_sum", "sum", "residual", "count" }, metric.Variables.Select(v => v.Name).ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => metric.UpdateState(zeros(2, 3), zeros(2, 3))).Message, "2 outputs");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new R2Score().UpdateState(zeros(2, 2, 2), zeros(2, 2, 2))).Message, "2D inputs");
        var config = new R2Score("variance_weighted_average", 3).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "dtype", "class_aggregation", "num_regressors" }, config.Keys.ToArray());
        Assert.AreEqual("variance_weighted_average", config["class_aggregation"]);
        Assert.AreEqual(3, config["num_regressors"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new R2Score("median")).Message, "class_aggregation");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new R2Score(numRegressors: -1)).Message, "num_regressors");
    }
}
