using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

/// <summary>TruePositives…FalseNegatives and the "X at Y" metrics, against counts made by a plain loop.</summary>
[TestClass]
public sealed class ConfusionCountMetricTests : KerasTestBase
{
    static readonly double[] Truth1 = [0, 0, 1, 1, 0, 1, 1, 0];
    static readonly double[] Scores1 = [0.1, 0.4, 0.35, 0.8, 0.65, 0.9, 0.05, 0.2];
    static readonly double[] Truth2 = [1, 0, 1, 0, 1];
    static readonly double[] Scores2 = [0.72, 0.58, 0.15, 0.93, 0.47];
    static readonly double[] Weights2 = [0.5, 2, 1.5, 1, 3];

    /// <summary>Weighted TP, FP, TN, FN at each threshold: positive when the prediction is strictly above it.</summary>
    static double[][] Counts(double[] thresholds, params (double[] Truth, double[] Scores, double[]? Weights)[] batches)
    {
        var counts = new double[4][];
        for (var c = 0; c < 4; c++) counts[c] = new double[thresholds.Length];
        foreach (var (truth, scores, weights) in batches)
            for (var i = 0; i < thresholds.Length; i++)
                for (var j = 0; j < truth.Length; j++)
                {
                    var w = weights?[j] ?? 1;
                    var positive = (double)(float)scores[j] > (double)(float)thresholds[i];
                    var cell = truth[j] != 0 ? (positive ? 0 : 3) : (positive ? 1 : 2);
                    counts[cell][i] += w;
                }
        return counts;
    }

    static double[] Values(MetricValue value) => value.Tensor.to(ScalarType.Float64).data<double>().ToArray();

    [TestMethod]
    [DataRow(new[] { 0.3, 0.5, 0.75 })]
    [DataRow(new[] { 0.0, 0.5, 1.0 })]  // evenly spread: Keras's bucketed counting
    public void EachCountAccumulatesOverWeightedBatches(double[] thresholds)
    {
        var expected = Counts(thresholds, (Truth1, Scores1, null), (Truth2, Scores2, Weights2));
        Metric[] metrics = [new TruePositives(thresholds), new FalsePositives(thresholds), new TrueNegatives(thresholds), new FalseNegatives(thresholds)];
        for (var c = 0; c < 4; c++)
        {
            metrics[c].UpdateState(Vector(Truth1), Vector(Scores1));
            metrics[c].UpdateState(Vector(Truth2), Vector(Scores2), Vector(Weights2));
            CollectionAssert.AreEqual(expected[c], Values(metrics[c].Result()), metrics[c].Name);
            metrics[c].ResetState();
            CollectionAssert.AreEqual(new double[thresholds.Length], Values(metrics[c].Result()), $"{metrics[c].Name} after reset");
        }
    }

    [TestMethod]
    public void KerasDocstringExamples()
    {
        (Metric Metric, double[] Truth, double[] Scores)[] cases =
        [
            (new TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1]),
            (new FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1]),
            (new TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0]),
            (new FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0]),
        ];
        foreach (var (metric, truth, scores) in cases)
        {
            metric.UpdateState(Vector(truth), Vector(scores));
            Assert.AreEqual(2.0, (double)metric.Result(), metric.Name);
            metric.ResetState();
            metric.UpdateState(Vector(truth), Vector(scores), Vector(0, 0, 1, 0));
            Assert.AreEqual(1.0, (double)metric.Result(), metric.Name);
        }
    }

    [TestMethod]
    public void CountConfigsAndDefaults()
    {
        var metric = new FalseNegatives();
        Assert.AreEqual("false_negatives", metric.Name);
        CollectionAssert.AreEqual(new[] { 0.5 }, metric.Thresholds.ToArray());
        Assert.AreEqual("accumulator", metric.Variables.Single().Name);
        var config = new TruePositives([0.25, 0.75]).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "dtype", "thresholds" }, config.Keys.ToArray());
        CollectionAssert.AreEqual(new[] { 0.25, 0.75 }, (double[])config["thresholds"]!);
        Assert.IsNull(new TruePositives().GetConfig()["thresholds"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new TrueNegatives([1.5])).Message, "[0, 1]");
    }

    static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    /// <summary>The best <paramref name="dependent"/> over thresholds where <paramref name="constrained"/> ≥ value, from loop counts.</summary>
    static double AtConstraint(int numThresholds, double value, Func<double[][], int, double> constrained, Func<double[][], int, double> dependent,
        params (double[] Truth, double[] Scores, double[]? Weights)[] batches)
    {
        double[] thresholds = numThresholds == 1 ? [0.5] : Enumerable.Range(0, numThresholds).Select(i => i / (double)(numThresholds - 1)).ToArray();
        var counts = Counts(thresholds, batches);
        var best = 0.0;
        for (var i = 0; i < thresholds.Length; i++)
            if ((float)constrained(counts, i) >= (float)value) best = Math.Max(best, dependent(counts, i));
        return best;
    }

    static double Sensitivity(double[][] c, int i) => Ratio(c[0][i], c[0][i] + c[3][i]);
    static double Specificity(double[][] c, int i) => Ratio(c[2][i], c[2][i] + c[1][i]);
    static double PrecisionAt(double[][] c, int i) => Ratio(c[0][i], c[0][i] + c[1][i]);

    [TestMethod]
    [DataRow(200, 0.5)]
    [DataRow(200, 0.8)]
    [DataRow(7, 0.6)]
    [DataRow(1, 0.3)]
    public void ConstraintMetricsMatchTheLoopOverThresholds(int numThresholds, double value)
    {
        (Func<double, int, Metric> Make, Func<double[][], int, double> Constrained, Func<double[][], int, double> Dependent)[] cases =
        [
            ((v, n) => new PrecisionAtRecall(v, n), Sensitivity, PrecisionAt),
            ((v, n) => new RecallAtPrecision(v, n), PrecisionAt, Sensitivity),
            ((v, n) => new SensitivityAtSpecificity(v, n), Specificity, Sensitivity),
            ((v, n) => new SpecificityAtSensitivity(v, n), Sensitivity, Specificity),
        ];
        foreach (var (make, constrained, dependent) in cases)
        {
            var metric = make(value, numThresholds);
            metric.UpdateState(Vector(Truth1), Vector(Scores1));
            Assert.AreEqual(AtConstraint(numThresholds, value, constrained, dependent, (Truth1, Scores1, null)), (double)metric.Result(), 1e-6, metric.Name);
            metric.UpdateState(Vector(Truth2), Vector(Scores2), Vector(Weights2));
            var expected = AtConstraint(numThresholds, value, constrained, dependent, (Truth1, Scores1, null), (Truth2, Scores2, Weights2));
            Assert.AreEqual(expected, (double)metric.Result(), 1e-6, $"{metric.Name}, two batches");
            metric.ResetState();
            Assert.AreEqual(0.0, (double)metric.Result(), $"{metric.Name} after reset");
        }
    }

    [TestMethod]
    public void ConstraintMetricsGiveKerasDocstringNumbers()
    {
        double[] truth = [0, 0, 0, 1, 1];
        double[] scores = [0, 0.3, 0.8, 0.3, 0.8];
        (Metric Metric, double Unweighted, double[] Weights, double Weighted)[] cases =
        [
            (new SensitivityAtSpecificity(0.5), 0.5, [1, 1, 2, 2, 1], 0.333333),
            (new SpecificityAtSensitivity(0.5), 0.66666667, [1, 1, 2, 2, 2], 0.5),
            (new PrecisionAtRecall(0.5), 0.5, [2, 2, 2, 1, 1], 0.33333333),
        ];
        foreach (var (metric, unweighted, weights, weighted) in cases)
        {
            metric.UpdateState(Vector(truth), Vector(scores));
            Assert.AreEqual(unweighted, (double)metric.Result(), 1e-6, metric.Name);
            metric.ResetState();
            metric.UpdateState(Vector(truth), Vector(scores), Vector(weights));
            Assert.AreEqual(weighted, (double)metric.Result(), 1e-6, metric.Name);
        }
        var recall = new RecallAtPrecision(0.8);
        recall.UpdateState(Vector(0, 0, 1, 1), Vector(0, 0.5, 0.3, 0.9));
        Assert.AreEqual(0.5, (double)recall.Result(), 1e-6);
        recall.ResetState();
        recall.UpdateState(Vector(0, 0, 1, 1), Vector(0, 0.5, 0.3, 0.9), Vector(1, 0, 0, 1));
        Assert.AreEqual(1.0, (double)recall.Result(), 1e-6);
    }

    [TestMethod]
    public void ClassIdLooksAtOneColumn()
    {
        // Column 1 of two-class outputs is the binary problem of Truth1/Scores1.
        var truth = tensor(Truth1.SelectMany(t => new[] { 1 - (float)t, (float)t }).ToArray(), [Truth1.Length, 2]);
        var scores = tensor(Scores1.SelectMany(s => new[] { 0.5f, (float)s }).ToArray(), [Scores1.Length, 2]);
        var metric = new PrecisionAtRecall(0.5, classId: 1);
        metric.UpdateState(truth, scores);
        Assert.AreEqual(AtConstraint(200, 0.5, Sensitivity, PrecisionAt, (Truth1, Scores1, null)), (double)metric.Result(), 1e-6);
    }

    [TestMethod]
    public void ConstraintConfigsAndErrors()
    {
        var config = new PrecisionAtRecall(0.7, numThresholds: 50, classId: 2).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "dtype", "class_id", "num_thresholds", "recall" }, config.Keys.ToArray());
        Assert.AreEqual(0.7, config["recall"]);
        Assert.AreEqual(50, config["num_thresholds"]);
        Assert.AreEqual(2, config["class_id"]);
        Assert.AreEqual(0.9, new RecallAtPrecision(0.9).GetConfig()["precision"]);
        Assert.AreEqual(0.9, new SensitivityAtSpecificity(0.9).GetConfig()["specificity"]);
        Assert.AreEqual(0.9, new SpecificityAtSensitivity(0.9).GetConfig()["sensitivity"]);
        CollectionAssert.AreEqual(new[] { "true_positives", "false_positives", "true_negatives", "false_negatives" },
            new PrecisionAtRecall(0.5).Variables.Select(v => v.Name).ToArray());
        Assert.AreEqual(200, new PrecisionAtRecall(0.5).Variables[0].Value.shape[0]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new PrecisionAtRecall(1.5)).Message, "recall");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new SpecificityAtSensitivity(0.5, numThresholds: 0)).Message, "num_thresholds");
    }
}
