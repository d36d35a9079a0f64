using Microsoft.ML.KerasStyle.Metrics;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class IoUMetricTests : KerasTestBase
{
    /// <summary>Keras's IoU result from a loop-made confusion matrix (rows targets, columns predictions).</summary>
    static double Reference(int classes, int[] targets, int? ignore, params (long[] Truth, long[] Predicted, double[]? Weights)[] batches)
    {
        var cm = new double[classes, classes];
        foreach (var (truth, predicted, weights) in batches)
            for (var i = 0; i < truth.Length; i++)
            {
                if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes || truth[i] == ignore) continue;
                cm[truth[i], predicted[i]] += weights?[i] ?? 1;
            }
        double sum = 0, valid = 0;
        foreach (var c in targets)
        {
            double row = 0, column = 0;
            for (var k = 0; k < classes; k++) { row += cm[c, k]; column += cm[k, c]; }
            var union = row + column - cm[c, c];
            if (union <= 1e-9) continue;
            sum += cm[c, c] / (union + Eps);
            valid++;
        }
        return sum / (valid + Eps);
    }

    static Tensor Ids(params long[] ids) => tensor(ids);

    static readonly long[] Truth1 = [0, 1, 2, 2, 1, 0, 3, 2];
    static readonly long[] Pred1 = [0, 2, 2, 1, 1, 0, 3, 3];
    static readonly long[] Truth2 = [3, 3, 0, 1, 2];
    static readonly long[] Pred2 = [3, 0, 0, 1, 2];
    static readonly double[] W2 = [0.5, 2, 1.5, 1, 0.25];

    [TestMethod]
    public void IoUAccumulatesWeightedBatchesOverTheTargetClasses()
    {
        var metric = new IoU(4, [1, 3], dtype: "float32");
        metric.UpdateState(Ids(Truth1), Ids(Pred1));
        Assert.AreEqual(Reference(4, [1, 3], null, (Truth1, Pred1, null)), (double)metric.Result(), 1e-6);
        metric.UpdateState(Ids(Truth2), Ids(Pred2), Vector(W2));
        Assert.AreEqual(Reference(4, [1, 3], null, (Truth1, Pred1, null), (Truth2, Pred2, W2)), (double)metric.Result(), 1e-6);
        metric.ResetState();
        Assert.AreEqual(0.0, (double)metric.Result(), 1e-9, "no class occurred: 0 / ε");
    }

    [TestMethod]
    public void KerasTestNumbers()
    {
        // iou_metrics_test.py: cm [[1, 1], [1, 1]] → 1/3; weighted (float32 state) → (0.1/0.8 + 0.2/0.9)/2.
        var iou = new IoU(2, [0, 1]);
        iou.UpdateState(Ids(0, 0, 1, 1), Ids(0, 1, 0, 1));
        Assert.AreEqual(1 / 3.0, (double)iou.Result(), 1e-6);
        var weighted = new IoU(2, [1, 0], dtype: "float32");
        weighted.UpdateState(Ids(0, 0, 1, 1), Vector(0, 1, 0, 1), Vector(0.2, 0.3, 0.4, 0.1));
        Assert.AreEqual((0.1 / (0.4 + 0.5 - 0.1) + 0.2 / (0.6 + 0.5 - 0.2)) / 2, (double)weighted.Result(), 1e-6);
        var absent = new IoU(4, [0, 1, 2, 3]);
        absent.UpdateState(Ids(0, 0, 1, 1), Ids(0, 1, 0, 1));
        Assert.AreEqual(1 / 3.0, (double)absent.Result(), 1e-6, "absent classes neither add nor count");
    }

    [TestMethod]
    public void OutOfRangeAndIgnoredIdsAreLeftOut()
    {
        foreach (var (truth, predicted) in new[] { (new long[] { 0, 2 }, new long[] { 0, 1 }), ([0, 1], [0, 2]), ([-1, 0], [0, 0]), ([0, 1], [-1, 1]) })
        {
            var metric = new IoU(2, [0, 1]);
            metric.UpdateState(Ids(truth), Ids(predicted));
            Assert.AreEqual(1.0, (double)metric.Result(), 1e-6, $"[{string.Join(", ", truth)}] vs [{string.Join(", ", predicted)}]");
        }
        var ignoring = new MeanIoU(4, ignoreClass: 2);
        ignoring.UpdateState(Ids(Truth1), Ids(Pred1));
        Assert.AreEqual(Reference(4, [0, 1, 2, 3], 2, (Truth1, Pred1, null)), (double)ignoring.Result(), 1e-6);
    }

    [TestMethod]
    public void IntegerStateTruncatesWeightsAsKerasDoes()
    {
        var metric = new MeanIoU(4);
        metric.UpdateState(Ids(Truth2), Ids(Pred2), Vector(W2));
        // W2 truncated to integers: [0, 2, 1, 1, 0].
        Assert.AreEqual(Reference(4, [0, 1, 2, 3], null, (Truth2, Pred2, [0, 2, 1, 1, 0])), (double)metric.Result(), 1e-6);
        Assert.AreEqual(ScalarType.Int32, metric.TotalConfusionMatrix.Value.dtype);
    }

    [TestMethod]
    public void MeanIoUOfSegmentationMapsFlattensThem()
    {
        var truth = Ids(Truth1).reshape(2, 2, 2);
        var predicted = Ids(Pred1).reshape(2, 2, 2);
        var metric = new MeanIoU(4);
        metric.UpdateState(truth, predicted);
        Assert.AreEqual(Reference(4, [0, 1, 2, 3], null, (Truth1, Pred1, null)), (double)metric.Result(), 1e-6);
        var expected = new float[16];
        for (var i = 0; i < Truth1.Length; i++) expected[Truth1[i] * 4 + Pred1[i]]++;
        CollectionAssert.AreEqual(expected, metric.TotalConfusionMatrix.ToArray(), "rows are targets, columns predictions");
    }

    static Tensor OneHot(long[] ids, int classes) => nn.functional.one_hot(tensor(ids), classes).to(ScalarType.Float32);

    [TestMethod]
    public void OneHotVariantsArgMaxTheirInputs()
    {
        // Scores whose arg-max is Pred1: a one-hot row plus noise below it.
        var scores = OneHot(Pred1, 4) * 0.6f + 0.1f;
        var oneHot = new OneHotIoU(4, [0, 2]);
        oneHot.UpdateState(OneHot(Truth1, 4), scores);
        Assert.AreEqual(Reference(4, [0, 2], null, (Truth1, Pred1, null)), (double)oneHot.Result(), 1e-6);
        var oneHotMean = new OneHotMeanIoU(4, dtype: "float32");
        oneHotMean.UpdateState(OneHot(Truth2, 4), OneHot(Pred2, 4) * 0.5f + 0.1f, Vector(W2));
        Assert.AreEqual(Reference(4, [0, 1, 2, 3], null, (Truth2, Pred2, W2)), (double)oneHotMean.Result(), 1e-6);
        var sparsePredictions = new OneHotMeanIoU(4, sparseYPred: true);
        sparsePredictions.UpdateState(OneHot(Truth1, 4), Ids(Pred1));
        Assert.AreEqual(Reference(4, [0, 1, 2, 3], null, (Truth1, Pred1, null)), (double)sparsePredictions.Result(), 1e-6);
    }

    [TestMethod]
    public void BinaryIoUThresholdsAtOrAbove()
    {
        double[] truth = [0, 1, 0, 1, 1];
        double[] scores = [0.1, 0.3, 0.4, 0.7, 0.2];
        // threshold 0.3: predictions [0, 1, 1, 1, 0] (0.3 itself counts as 1).
        var metric = new BinaryIoU(threshold: 0.3);
        metric.UpdateState(Vector(truth), Vector(scores));
        Assert.AreEqual(Reference(2, [0, 1], null, ([0, 1, 0, 1, 1], [0, 1, 1, 1, 0], null)), (double)metric.Result(), 1e-6);
        var classOne = new BinaryIoU([1], 0.5, dtype: "float32");
        classOne.UpdateState(Vector(truth), Vector(scores), Vector(0.2, 0.3, 0.4, 0.1, 1));
        Assert.AreEqual(Reference(2, [1], null, ([0, 1, 0, 1, 1], [0, 0, 0, 1, 0], [0.2, 0.3, 0.4, 0.1, 1])), (double)classOne.Result(), 1e-6);
        // iou_metrics_test.py (unweighted, threshold 0.3): [0, 1, 0, 1] vs [0.1, 0.2, 0.4, 0.7] → (1/3 + 1/3)/2.
        var keras = new BinaryIoU([0, 1], 0.3);
        keras.UpdateState(Vector(0, 1, 0, 1), Vector(0.1, 0.2, 0.4, 0.7));
        Assert.AreEqual(1 / 3.0, (double)keras.Result(), 1e-6);
    }

    [TestMethod]
    public void ConfigsAreKeras()
    {
        CollectionAssert.AreEqual(new[] { "name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_true", "sparse_y_pred", "axis" },
            new IoU(3, [1]).GetConfig().Keys.ToArray());
        CollectionAssert.AreEqual(new[] { "name", "dtype", "num_classes", "ignore_class", "sparse_y_true", "sparse_y_pred", "axis" },
            new MeanIoU(3).GetConfig().Keys.ToArray());
        CollectionAssert.AreEqual(new[] { "name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_pred", "axis" },
            new OneHotIoU(3, [0]).GetConfig().Keys.ToArray());
        CollectionAssert.AreEqual(new[] { "name", "dtype", "num_classes", "ignore_class", "sparse_y_pred", "axis" },
            new OneHotMeanIoU(3).GetConfig().Keys.ToArray());
        var binary = new BinaryIoU().GetConfig();
        CollectionAssert.AreEqual(new[] { "target_class_ids", "threshold", "name", "dtype" }, binary.Keys.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, (int[])binary["target_class_ids"]!);
        Assert.AreEqual("int32", binary["dtype"]);
        Assert.AreEqual("total_confusion_matrix", new MeanIoU(3).Variables.Single().Name);
    }

    [TestMethod]
    public void BadArgumentsAreClearErrors()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new IoU(2, [0, 2])).Message, "target class id 2 is out of range");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new IoU(2, [])).Message, "target_class_ids");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MeanIoU(0)).Message, "num_classes");
        var lengths = Assert.ThrowsExactly<ArgumentException>(() => new MeanIoU(3).UpdateState(Ids(0, 1, 2), Ids(0, 1)));
        StringAssert.Contains(lengths.Message, "3 target ids for 2 predicted ids");
    }
}
