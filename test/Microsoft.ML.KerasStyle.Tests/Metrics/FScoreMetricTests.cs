using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class FScoreMetricTests : KerasTestBase
{
    // f_score_metrics.py's docstring example.
    static readonly double[][] T1 = [[1, 1, 1], [1, 0, 0], [1, 1, 0]];
    static readonly double[][] P1 = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]];
    static readonly double[][] T2 = [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 0]];
    static readonly double[][] P2 = [[0.1, 0.7, 0.2], [0.5, 0.1, 0.4], [0.3, 0.3, 0.4], [0, 0, 0]];
    static readonly double[] W2 = [2, 0.5, 1, 3];

    /// <summary>Keras's FBetaScore.result from loop-made counts, in double precision.</summary>
    static double[] Reference(string? average, double beta, double? threshold, params (double[][] T, double[][] P, double[]? W)[] batches)
    {
        var classes = batches[0].T[0].Length;
        double[] tp = new double[classes], fp = new double[classes], fn = new double[classes], support = new double[classes];
        foreach (var (t, p, w) in batches)
            for (var i = 0; i < t.Length; i++)
            {
                var max = p[i].Select(v => (double)(float)v).Max();
                for (var j = 0; j < classes; j++)
                {
                    var score = (double)(float)p[i][j];
                    var predicted = threshold is { } th ? score > (float)th : score >= max && Math.Abs(score) > 1e-9;
                    var weight = w?[i] ?? 1;
                    if (predicted && t[i][j] == 1) tp[j] += weight;
                    if (predicted && t[i][j] == 0) fp[j] += weight;
                    if (!predicted && t[i][j] == 1) fn[j] += weight;
                    support[j] += t[i][j] * weight;
                }
            }
        if (average == "micro") (tp, fp, fn, support) = ([tp.Sum()], [fp.Sum()], [fn.Sum()], [support.Sum()]);
        var b2 = beta * beta;
        var scores = tp.Select((_, j) =>
        {
            var precision = tp[j] / (tp[j] + fp[j] + Eps);
            var recall = tp[j] / (tp[j] + fn[j] + Eps);
            return precision * recall / (b2 * precision + recall + Eps) * (1 + b2);
        }).ToArray();
        return average switch
        {
            null => scores,
            "weighted" => [scores.Select((s, j) => s * support[j] / (support.Sum() + Eps)).Sum()],
            _ => [scores.Average()],
        };
    }

    static double[] Values(MetricValue value) => value.Tensor.to(ScalarType.Float64).reshape(-1).data<double>().ToArray();

    static void AssertClose(double[] expected, double[] actual, string message)
    {
        Assert.HasCount(expected.Length, actual, message);
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-5, $"{message} [{i}]");
    }

    [TestMethod]
    public void KerasDocstringExamples()
    {
        var fbeta = new FBetaScore(beta: 2.0, threshold: 0.5);
        fbeta.UpdateState(Matrix(T1), Matrix(P1));
        AssertClose([0.3846154, 0.90909094, 0.8333334], Values(fbeta.Result()), "FBetaScore(beta=2, threshold=0.5)");
        var f1 = new F1Score(threshold: 0.5);
        f1.UpdateState(Matrix(T1), Matrix(P1));
        AssertClose([0.5, 0.8, 0.6666667], Values(f1.Result()), "F1Score(threshold=0.5)");
    }

    [TestMethod]
    [DataRow(null, 1.0, null)]
    [DataRow("micro", 1.0, 0.5)]
    [DataRow("macro", 0.5, null)]
    [DataRow("weighted", 2.0, 0.35)]
    [DataRow("weighted", 1.0, null)]
    public void AveragesAccumulateOverWeightedBatches(string? average, double beta, double? threshold)
    {
        var metric = new FBetaScore(average, beta, threshold);
        metric.UpdateState(Matrix(T1), Matrix(P1));
        AssertClose(Reference(average, beta, threshold, (T1, P1, null)), Values(metric.Result()), "one batch");
        metric.UpdateState(Matrix(T2), Matrix(P2), Vector(W2));
        AssertClose(Reference(average, beta, threshold, (T1, P1, null), (T2, P2, W2)), Values(metric.Result()), "two batches");
        Assert.AreEqual(average is null ? 3 : 1, (int)metric.Result().Tensor.numel());
        metric.ResetState();
        metric.UpdateState(Matrix(T2), Matrix(P2));
        AssertClose(Reference(average, beta, threshold, (T2, P2, null)), Values(metric.Result()), "after reset");
    }

    [TestMethod]
    public void ArgMaxModeIgnoresAllZeroRows()
    {
        // The last row of P2 is all zeros: it predicts no class, so its (absent) targets add nothing either way.
        var metric = new F1Score(average: "macro");
        metric.UpdateState(Matrix(T2), Matrix(P2));
        AssertClose(Reference("macro", 1.0, null, (T2, P2, null)), Values(metric.Result()), "macro F1");
        var fp = metric.Variables.Single(v => v.Name == "false_positives").ToArray();
        CollectionAssert.AreEqual(new float[] { 1, 0, 1 }, fp, "rows 2 and 3 predict classes 0 and 2 wrongly; the zero row predicts nothing");
    }

    [TestMethod]
    public void StateIsBuiltByTheFirstBatch()
    {
        var metric = new F1Score(average: "micro");
        Assert.IsEmpty(metric.Variables);
        var early = Assert.ThrowsExactly<InvalidOperationException>(() => metric.Result());
        StringAssert.Contains(early.Message, "f1_score");
        metric.UpdateState(Matrix(T1), Matrix(P1));
        CollectionAssert.AreEqual(new[] { "true_positives", "false_positives", "false_negatives", "intermediate_weights" }, metric.Variables.Select(v => v.Name).ToArray());
        Assert.AreEqual(0L, metric.Variables[0].Value.dim(), "micro averaging keeps scalar counts");
        var wrongClasses = Assert.ThrowsExactly<ArgumentException>(() => metric.UpdateState(zeros(2, 4), zeros(2, 4)));
        StringAssert.Contains(wrongClasses.Message, "3 classes");
        var wrongRank = Assert.ThrowsExactly<ArgumentException>(() => new F1Score().UpdateState(zeros(4), zeros(4)));
        StringAssert.Contains(wrongRank.Message, "2D inputs");
    }

    [TestMethod]
    public void PerClassScoresCannotGoToTrainingLogs()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Dense(3, activation: "sigmoid")]);
        model.Compile(loss: "binary_crossentropy", metrics: ["f1_score"]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.Fit(zeros(4, 2), ones(4, 3), epochs: 1, verbose: 0));
        StringAssert.Contains(error.Message, "'f1_score'");
        StringAssert.Contains(error.Message, "average");
        model.Compile(loss: "binary_crossentropy", metrics: [new F1Score(average: "macro")]);
        model.Fit(zeros(4, 2), ones(4, 3), epochs: 1, verbose: 0);
    }

    [TestMethod]
    public void ConfigsAndErrors()
    {
        CollectionAssert.AreEqual(new[] { "name", "dtype", "average", "beta", "threshold" }, new FBetaScore().GetConfig().Keys.ToArray());
        var f1 = new F1Score(average: "weighted", threshold: 0.4).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "dtype", "average", "threshold" }, f1.Keys.ToArray());
        Assert.AreEqual("weighted", f1["average"]);
        Assert.AreEqual(0.4, f1["threshold"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new F1Score(average: "samples")).Message, "average");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new FBetaScore(beta: 0)).Message, "beta");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new F1Score(threshold: 0)).Message, "threshold");
    }
}
