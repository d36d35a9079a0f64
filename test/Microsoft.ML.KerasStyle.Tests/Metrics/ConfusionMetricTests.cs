using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class ConfusionMetricTests : KerasTestBase
{
    static readonly double[] Truth = [0, 0, 1, 1, 0, 1, 1, 0];
    // Away from every k/199 so the bucketed counts and plain comparisons agree exactly.
    static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8, 0.65, 0.9, 0.05, 0.2];

    /// <summary>Weighted TP, FP, TN, FN at each threshold: positive when the prediction is strictly above it.</summary>
    static (double[] Tp, double[] Fp, double[] Tn, double[] Fn) Counts(double[] truth, double[] scores, double[] thresholds, double[]? weights = null)
    {
        var n = thresholds.Length;
        var (tp, fp, tn, fn) = (new double[n], new double[n], new double[n], new double[n]);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < truth.Length; j++)
            {
                var w = weights?[j] ?? 1;
                var positive = (double)(float)scores[j] > (double)(float)thresholds[i];
                if (truth[j] != 0) { if (positive) tp[i] += w; else fn[i] += w; }
                else { if (positive) fp[i] += w; else tn[i] += w; }
            }
        return (tp, fp, tn, fn);
    }

    static double[] AucThresholds(int n) =>
        [-Eps, .. Enumerable.Range(0, n - 2).Select(i => (i + 1) * 1.0 / (n - 1)), 1 + Eps];

    static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    static double RocAuc(double[] tp, double[] fp, double[] tn, double[] fn)
    {
        double area = 0;
        for (var i = 0; i + 1 < tp.Length; i++)
        {
            var width = Ratio(fp[i], fp[i] + tn[i]) - Ratio(fp[i + 1], fp[i + 1] + tn[i + 1]);
            area += width * (Ratio(tp[i], tp[i] + fn[i]) + Ratio(tp[i + 1], tp[i + 1] + fn[i + 1])) / 2;
        }
        return area;
    }

    /// <summary>Keras's interpolated PR-AUC (Davis &amp; Goadrich), interval by interval.</summary>
    static double PrAucInterpolated(double[] tp, double[] fp, double[] fn)
    {
        double area = 0;
        for (var i = 0; i + 1 < tp.Length; i++)
        {
            var dtp = tp[i] - tp[i + 1];
            var pA = tp[i] + fp[i];
            var pB = tp[i + 1] + fp[i + 1];
            var slope = Ratio(dtp, Math.Max(pA - pB, 0));
            var intercept = tp[i + 1] - slope * pB;
            var ratio = pA > 0 && pB > 0 ? pA / pB : 1;
            area += Ratio(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[i + 1] + fn[i + 1], 0));
        }
        return area;
    }

    static double PrAucRiemann(double[] tp, double[] fp, double[] fn, Func<double, double, double> height)
    {
        double area = 0;
        for (var i = 0; i + 1 < tp.Length; i++)
        {
            var width = Ratio(tp[i], tp[i] + fn[i]) - Ratio(tp[i + 1], tp[i + 1] + fn[i + 1]);
            area += width * height(Ratio(tp[i], tp[i] + fp[i]), Ratio(tp[i + 1], tp[i + 1] + fp[i + 1]));
        }
        return area;
    }

    [TestMethod]
    public void AucMatchesKerasDocExamples()
    {
        // Thresholds [−ε, 0.5, 1 + ε]: TPR [1, 0.5, 0], FPR [1, 0, 0] → (1 − 0)·(1 + 0.5)/2 = 0.75.
        var auc = new AUC(numThresholds: 3);
        auc.UpdateState(Vector(0, 0, 1, 1), Vector(0, 0.5, 0.3, 0.9));
        Assert.AreEqual(0.75, (double)auc.Result(), 1e-6);
        auc.ResetState();
        auc.UpdateState(Vector(0, 0, 1, 1), Vector(0, 0.5, 0.3, 0.9), Vector(1, 0, 0, 1));
        Assert.AreEqual(1.0, (double)auc.Result(), 1e-6);
        Assert.AreEqual("auc", auc.Name);
    }

    [TestMethod]
    public void RocAucWithTwoHundredThresholdsOverTwoBatches()
    {
        var (tp, fp, tn, fn) = Counts(Truth, Scores, AucThresholds(200));
        var auc = new AUC();
        auc.UpdateState(Vector(Truth[..4]), Vector(Scores[..4]));
        auc.UpdateState(Vector(Truth[4..]), Vector(Scores[4..]));
        CollectionAssert.AreEqual(tp.Select(v => (float)v).ToArray(), auc.TruePositives.ToArray());
        CollectionAssert.AreEqual(tn.Select(v => (float)v).ToArray(), auc.TrueNegatives.ToArray());
        Assert.AreEqual(RocAuc(tp, fp, tn, fn), (double)auc.Result(), 1e-5);
        auc.ResetState();
        Assert.AreEqual(0f, auc.TruePositives.ToArray().Sum());
    }

    [TestMethod]
    public void RocAucWithSampleWeightsAndLogits()
    {
        double[] w = [1, 2, 0.5, 1, 1, 3, 1, 0];
        double[] logits = Scores.Select(p => Math.Log(p / (1 - p))).ToArray();   // sigmoid(logit) = p
        var (tp, fp, tn, fn) = Counts(Truth, Scores, AucThresholds(200), w);
        var auc = new AUC(fromLogits: true);
        auc.UpdateState(Vector(Truth), Vector(logits), Vector(w));
        Assert.AreEqual(RocAuc(tp, fp, tn, fn), (double)auc.Result(), 1e-5);
    }

    [TestMethod]
    public void PrAucInterpolatesLikeKeras()
    {
        var (tp, fp, _, fn) = Counts(Truth, Scores, AucThresholds(200));
        var auc = new AUC(curve: "PR");
        auc.UpdateState(Vector(Truth), Vector(Scores));
        Assert.AreEqual(PrAucInterpolated(tp, fp, fn), (double)auc.Result(), 1e-5);
    }

    [TestMethod]
    public void MinoringAndMajoringBoundThePrCurve()
    {
        var (tp, fp, _, fn) = Counts(Truth, Scores, AucThresholds(50));
        var low = new AUC(50, "pr", "minoring");
        var high = new AUC(50, "PR", "majoring");
        low.UpdateState(Vector(Truth), Vector(Scores));
        high.UpdateState(Vector(Truth), Vector(Scores));
        Assert.AreEqual(PrAucRiemann(tp, fp, fn, Math.Min), (double)low.Result(), 1e-5);
        Assert.AreEqual(PrAucRiemann(tp, fp, fn, Math.Max), (double)high.Result(), 1e-5);
        Assert.IsTrue((double)low.Result() <= (double)high.Result());
    }

    [TestMethod]
    public void PerfectSeparationGivesOne()
    {
        var roc = new AUC();
        var pr = new AUC(curve: "PR");
        roc.UpdateState(Vector(0, 0, 1, 1), Vector(0.1, 0.2, 0.8, 0.9));
        pr.UpdateState(Vector(0, 0, 1, 1), Vector(0.1, 0.2, 0.8, 0.9));
        Assert.AreEqual(1.0, (double)roc.Result(), 1e-6);
        Assert.AreEqual(1.0, (double)pr.Result(), 1e-6);
    }

    [TestMethod]
    public void AucWithExplicitUnevenThresholds()
    {
        double[] inner = [0.3, 0.62, 0.7];
        var (tp, fp, tn, fn) = Counts(Truth, Scores, [-Eps, .. inner, 1 + Eps]);
        var auc = new AUC(thresholds: [0.7, 0.3, 0.62]);   // sorted by the metric
        auc.UpdateState(Vector(Truth), Vector(Scores));
        Assert.AreEqual(5, auc.NumThresholds);
        Assert.AreEqual(RocAuc(tp, fp, tn, fn), (double)auc.Result(), 1e-5);
    }

    [TestMethod]
    public void AucRejectsBadSettings()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new AUC(numThresholds: 1)).Message, "num_thresholds");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new AUC(curve: "DET")).Message, "ROC, PR");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new AUC(summationMethod: "trapezoid")).Message, "interpolation");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new AUC(thresholds: [1.5])).Message, "1.5");
    }

    [TestMethod]
    public void PrecisionAndRecallMatchKerasDocExamples()
    {
        // Targets [0, 1, 1, 1], predictions [1, 0, 1, 1]: TP 2, FP 1, FN 1.
        var precision = new Precision();
        var recall = new Recall();
        precision.UpdateState(Vector(0, 1, 1, 1), Vector(1, 0, 1, 1));
        recall.UpdateState(Vector(0, 1, 1, 1), Vector(1, 0, 1, 1));
        Assert.AreEqual(2.0 / 3, (double)precision.Result(), 1e-6);
        Assert.AreEqual(2.0 / 3, (double)recall.Result(), 1e-6);
        precision.ResetState();
        recall.ResetState();
        precision.UpdateState(Vector(0, 1, 1, 1), Vector(1, 0, 1, 1), Vector(0, 0, 1, 0));
        recall.UpdateState(Vector(0, 1, 1, 1), Vector(1, 0, 1, 1), Vector(0, 0, 1, 0));
        Assert.AreEqual(1.0, (double)precision.Result(), 1e-6);
        Assert.AreEqual(1.0, (double)recall.Result(), 1e-6);
        Assert.AreEqual("precision", precision.Name);
        Assert.AreEqual("recall", recall.Name);
    }

    [TestMethod]
    [DataRow(new[] { 0.5 })]
    [DataRow(new[] { 0.3, 0.6 })]
    [DataRow(new[] { 0.0, 0.5, 1.0 })]   // evenly spread: Keras's bucketed path
    public void PrecisionAndRecallPerThresholdOverTwoBatches(double[] thresholds)
    {
        double[] w = [1, 2, 1, 0.5, 1, 1, 2, 1];
        var (tp, fp, _, fn) = Counts(Truth, Scores, thresholds, w);
        var precision = new Precision(thresholds);
        var recall = new Recall(thresholds);
        foreach (var range in new[] { ..3, 3.. })
        {
            precision.UpdateState(Vector(Truth[range]), Vector(Scores[range]), Vector(w[range]));
            recall.UpdateState(Vector(Truth[range]), Vector(Scores[range]), Vector(w[range]));
        }
        var expectedPrecision = tp.Select((v, i) => Ratio(v, v + fp[i])).Select(v => (float)v).ToArray();
        var expectedRecall = tp.Select((v, i) => Ratio(v, v + fn[i])).Select(v => (float)v).ToArray();
        LayerTestHarness.AssertClose(expectedPrecision, precision.Result(), 1e-6);
        LayerTestHarness.AssertClose(expectedRecall, recall.Result(), 1e-6);
    }

    [TestMethod]
    public void TopKKeepsOnlyTheHighestPredictions()
    {
        // Top 2 of [0.9, 0.8, 0.1, 0.7] are 0.9 (target 0) and 0.8 (target 1): precision 1/2; recall 1/2 (index 2 missed).
        var precision = new Precision(topK: 2);
        var recall = new Recall(topK: 2);
        precision.UpdateState(Matrix([[0, 1, 1, 0]]), Matrix([[0.9, 0.8, 0.1, 0.7]]));
        recall.UpdateState(Matrix([[0, 1, 1, 0]]), Matrix([[0.9, 0.8, 0.1, 0.7]]));
        Assert.AreEqual(0.5, (double)precision.Result(), 1e-6);
        Assert.AreEqual(0.5, (double)recall.Result(), 1e-6);
    }

    [TestMethod]
    public void ClassIdLooksAtOneColumn()
    {
        double[][] t = [[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
        double[][] p = [[0.2, 0.6, 0.2], [0.3, 0.55, 0.15], [0.5, 0.4, 0.1], [0.1, 0.2, 0.7]];
        var (tp, fp, _, fn) = Counts(t.Select(r => r[1]).ToArray(), p.Select(r => r[1]).ToArray(), [0.5]);
        var precision = new Precision(classId: 1);
        var recall = new Recall(classId: 1);
        precision.UpdateState(Matrix(t), Matrix(p));
        recall.UpdateState(Matrix(t), Matrix(p));
        Assert.AreEqual(tp[0] / (tp[0] + fp[0]), (double)precision.Result(), 1e-6);
        Assert.AreEqual(tp[0] / (tp[0] + fn[0]), (double)recall.Result(), 1e-6);
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Precision(classId: 5).UpdateState(Matrix(t), Matrix(p)));
        StringAssert.Contains(e.Message, "class_id 5");
    }

    [TestMethod]
    public void NothingPredictedPositiveGivesZeroNotNaN()
    {
        var precision = new Precision();
        precision.UpdateState(Vector(1, 0), Vector(0.1, 0.2));
        Assert.AreEqual(0.0, (double)precision.Result());
    }
}
