using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class AccuracyMetricTests : KerasTestBase
{
    [TestMethod]
    public void SparseCategoricalAccuracyOnTheIdentityIsOne()
    {
        var metric = new SparseCategoricalAccuracy();
        metric.UpdateState(new[] { 0, 1, 2 }, new[] { new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }, new float[] { 0, 0, 1 } });
        Assert.AreEqual("1.00", $"{metric.Result():F2}");
        Assert.AreEqual("sparse_categorical_accuracy", metric.Name);
    }

    static double WeightedMean(IReadOnlyList<double> matches, IReadOnlyList<double>? weights)
    {
        double sum = 0, count = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            var w = weights?[i] ?? 1;
            sum += matches[i] * w;
            count += w;
        }
        return sum / count;
    }

    static int ArgMax(double[] row) => Array.IndexOf(row, row.Max());

    static readonly double[][] Scores = [[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]];
    static readonly int[] Labels = [1, 1, 2, 0];

    [TestMethod]
    public void SparseCategoricalAccuracyWithWeightsAndColumnLabels()
    {
        double[] w = [1, 2, 0.5, 1];
        var matches = Labels.Select((l, i) => ArgMax(Scores[i]) == l ? 1.0 : 0.0).ToArray();   // 1, 0, 1, 0
        var metric = new SparseCategoricalAccuracy();
        metric.UpdateState(Vector(Labels.Select(l => (double)l).ToArray()).reshape(4, 1), Matrix(Scores), Vector(w));
        Assert.AreEqual(WeightedMean(matches, w), (double)metric.Result(), 1e-6);
    }

    // Integer labels are compared with the arg-max as integers, float labels in the predictions' dtype as Keras does:
    // the two paths must agree on whole numbers, and a fractional float label matches no class.
    [TestMethod]
    public void SparseCategoricalAccuracyGivesTheSameResultForEveryLabelDtype()
    {
        var expected = WeightedMean(Labels.Select((l, i) => ArgMax(Scores[i]) == l ? 1.0 : 0.0).ToArray(), null); // 0.5
        foreach (var labels in new[]
                 {
                     TorchSharp.torch.tensor(Labels.Select(l => (long)l).ToArray()), TorchSharp.torch.tensor(Labels),
                     TorchSharp.torch.tensor(Labels.Select(l => (float)l).ToArray()), TorchSharp.torch.tensor(Labels.Select(l => (double)l).ToArray()),
                     TorchSharp.torch.tensor(Labels.Select(l => (long)l).ToArray()).reshape(4, 1),
                 })
        {
            var metric = new SparseCategoricalAccuracy();
            metric.UpdateState(labels, Matrix(Scores));
            Assert.AreEqual(expected, (double)metric.Result(), 1e-7, $"labels of dtype {labels.dtype}, shape ({string.Join(", ", labels.shape)})");
        }
        var fractional = new SparseCategoricalAccuracy();
        fractional.UpdateState(TorchSharp.torch.tensor(new float[] { 1.5f, 0f, 2f, 0.5f }), Matrix(Scores)); // arg-maxes 1, 0, 2, 1
        Assert.AreEqual(0.5, (double)fractional.Result(), 1e-7);
    }

    [TestMethod]
    public void CategoricalAccuracyComparesArgMaxes()
    {
        var oneHot = Labels.Select(l => OneHot(l, 3)).ToArray();
        var matches = Labels.Select((l, i) => ArgMax(Scores[i]) == l ? 1.0 : 0.0).ToArray();
        var metric = new CategoricalAccuracy();
        metric.UpdateState(Matrix(oneHot[..2]), Matrix(Scores[..2]));
        metric.UpdateState(Matrix(oneHot[2..]), Matrix(Scores[2..]));
        Assert.AreEqual(WeightedMean(matches, null), (double)metric.Result(), 1e-6);
        metric.ResetState();
        Assert.AreEqual(0.0, (double)metric.Result());
    }

    [TestMethod]
    [DataRow(0.5)]
    [DataRow(0.7)]
    public void BinaryAccuracyThresholdsPredictions(double threshold)
    {
        double[] t = [1, 0, 1, 0, 1];
        double[] p = [0.9, 0.6, 0.5, 0.1, 0.75];
        var matches = t.Select((v, i) => ((double)(float)p[i] > threshold ? 1.0 : 0.0) == v ? 1.0 : 0.0).ToArray();
        var metric = new BinaryAccuracy(threshold: threshold);
        metric.UpdateState(Vector(t).reshape(5, 1), Vector(p).reshape(5, 1));
        Assert.AreEqual(WeightedMean(matches, null), (double)metric.Result(), 1e-6);
        Assert.AreEqual(threshold, metric.GetConfig()["threshold"]);
    }

    [TestMethod]
    public void AccuracyIsExactEquality()
    {
        // Keras's example: [[1], [2], [3], [4]] vs [[0], [2], [3], [4]] → 0.75.
        var metric = new Accuracy();
        metric.UpdateState(Vector(1, 2, 3, 4).reshape(4, 1), Vector(0, 2, 3, 4).reshape(4, 1));
        Assert.AreEqual(0.75, (double)metric.Result(), 1e-6);
        metric.ResetState();
        metric.UpdateState(Vector(1, 2, 3, 4).reshape(4, 1), Vector(0, 2, 3, 4).reshape(4, 1), Vector(1, 1, 0, 0));
        Assert.AreEqual(0.5, (double)metric.Result(), 1e-6);
    }

    static double[] InTopK(int[] labels, double[][] scores, int k) =>
        labels.Select((l, i) => scores[i].Count(s => s > scores[i][l]) < k ? 1.0 : 0.0).ToArray();

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(5)]
    public void TopKAccuraciesCountTargetsAmongTheHighestScores(int k)
    {
        var expected = WeightedMean(InTopK(Labels, Scores, k), null);
        var sparse = new SparseTopKCategoricalAccuracy(k);
        sparse.UpdateState(tensor(Labels.Select(l => (long)l).ToArray()), Matrix(Scores));
        Assert.AreEqual(expected, (double)sparse.Result(), 1e-6);
        var dense = new TopKCategoricalAccuracy(k);
        dense.UpdateState(Matrix(Labels.Select(l => OneHot(l, 3)).ToArray()), Matrix(Scores));
        Assert.AreEqual(expected, (double)dense.Result(), 1e-6);
        Assert.AreEqual("sparse_top_k_categorical_accuracy", sparse.Name);
        Assert.AreEqual("top_k_categorical_accuracy", dense.Name);
    }

    [TestMethod]
    public void TopKCountsTiesAsIn()
    {
        // Row [0.3, 0.4, 0.3], label 0, k = 2: the 2nd highest score is 0.3, and the label's score 0.3 ties it.
        var metric = new SparseTopKCategoricalAccuracy(2);
        metric.UpdateState(tensor(new long[] { 0 }), Matrix([[0.3, 0.4, 0.3]]));
        Assert.AreEqual(1.0, (double)metric.Result());
    }

    [TestMethod]
    public void SparseTopKLabelOutOfRangeIsClear()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SparseTopKCategoricalAccuracy(2).UpdateState(tensor(new long[] { 0, 7 }), Matrix(Scores[..2])));
        StringAssert.Contains(e.Message, "label value 7");
        StringAssert.Contains(e.Message, "3 classes");
    }
}
