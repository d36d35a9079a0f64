using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class CrossentropyLossTests : KerasTestBase
{
    static float[] F(IEnumerable<double> values) => values.Select(v => (float)v).ToArray();

    [TestMethod]
    public void BinaryCrossentropyAveragesOverTheLastAxis()
    {
        double[][] t = [[0, 1], [1, 1], [0, 0]];
        double[][] p = [[0.2, 0.7], [0.9, 0.4], [0.1, 0.6]];
        var perSample = RowMean(t, p, Bce);
        LayerTestHarness.AssertClose(F(perSample), new BinaryCrossentropy().Compute(Matrix(t), Matrix(p)), 1e-5);
        Assert.AreEqual(perSample.Average(), new BinaryCrossentropy().Call(Matrix(t), Matrix(p)).item<float>(), 1e-5);
    }

    [TestMethod]
    public void BinaryCrossentropyClipsCertainPredictionsToEpsilon()
    {
        // Wrong and certain: −log(1e-7) = 16.118 and −log(1 − 0.99999988) = 15.942 (1 − ε rounds in float32);
        // right and certain: −log(0.99999988) ≈ 1.19e-7 each.
        double[][] t = [[1, 0], [0, 1]];
        double[][] p = [[0, 1], [0, 1]];
        var perSample = RowMean(t, p, Bce);
        Assert.AreEqual((16.118095 + 15.942385) / 2, perSample[0], 1e-5);
        var values = new BinaryCrossentropy().Compute(Matrix(t), Matrix(p));
        LayerTestHarness.AssertClose(F(perSample), values, 1e-4);
        Assert.IsTrue(LayerTestHarness.Values(values).All(float.IsFinite), "no infinities at 0/1 predictions");
    }

    [TestMethod]
    public void BinaryCrossentropyFromLogitsMatchesTheSigmoidForm()
    {
        double[][] t = [[0, 1, 1], [1, 0, 0]];
        double[][] x = [[-2.0, 3.0, 0.5], [-0.7, 1.2, -4.0]];
        var perSample = RowMean(t, x, BceLogit);
        LayerTestHarness.AssertClose(F(perSample), new BinaryCrossentropy(fromLogits: true).Compute(Matrix(t), Matrix(x)), 1e-5);
    }

    [TestMethod]
    public void BinaryCrossentropyLogitsStayFiniteForLargeLogits()
    {
        // max(x, 0) − x·t + log(1 + e^−|x|): x = 100, t = 0 → 100; x = −100, t = 1 → 100.
        var values = new BinaryCrossentropy(fromLogits: true, reduction: "none").Call(Vector(0, 1).reshape(2, 1), Vector(100, -100).reshape(2, 1));
        LayerTestHarness.AssertClose([100f, 100f], values, 1e-4);
    }

    [TestMethod]
    public void BinaryCrossentropyLabelSmoothingSqueezesTargetsTowardsHalf()
    {
        const double s = 0.2;
        double[][] t = [[0, 1], [1, 0]];
        double[][] p = [[0.3, 0.8], [0.6, 0.1]];
        var perSample = RowMean(t, p, (a, b) => Bce(a * (1 - s) + 0.5 * s, b));
        LayerTestHarness.AssertClose(F(perSample), new BinaryCrossentropy(labelSmoothing: s).Compute(Matrix(t), Matrix(p)), 1e-5);
        var logits = RowMean(t, p, (a, b) => BceLogit(a * (1 - s) + 0.5 * s, b));
        LayerTestHarness.AssertClose(F(logits), new BinaryCrossentropy(fromLogits: true, labelSmoothing: s).Compute(Matrix(t), Matrix(p)), 1e-5);
    }

    [TestMethod]
    public void BinaryCrossentropyWithSampleWeights()
    {
        double[][] t = [[1], [0], [1]];
        double[][] p = [[0.9], [0.2], [0.3]];
        double[] w = [1, 2, 0.5];
        var perSample = RowMean(t, p, Bce);
        Assert.AreEqual(Reduce(perSample, w, "sum_over_batch_size"), new BinaryCrossentropy().Call(Matrix(t), Matrix(p), Vector(w)).item<float>(), 1e-5);
        Assert.AreEqual(Reduce(perSample, w, "sum"), new BinaryCrossentropy(reduction: "sum").Call(Matrix(t), Matrix(p), Vector(w)).item<float>(), 1e-5);
    }

    [TestMethod]
    public void BinaryCrossentropyShapeMismatchIsClear()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new BinaryCrossentropy().Compute(Matrix([[1, 0, 1]]), Matrix([[0.5, 0.5]])));
        StringAssert.Contains(e.Message, "(1, 3)");
        StringAssert.Contains(e.Message, "(1, 2)");
    }

    static readonly double[][] OneHot = [[0, 1, 0], [0, 0, 1], [1, 0, 0]];
    // Rows that do not sum to 1 (Keras divides by the sum) and a 0 on a true class (clipped to ε).
    static readonly double[][] Probabilities = [[0.1, 0.6, 0.3], [0.2, 0.4, 0.6], [0.0, 0.5, 0.5]];

    [TestMethod]
    public void CategoricalCrossentropyNormalisesAndClipsProbabilities()
    {
        var expected = OneHot.Select((t, i) => Cce(t, AsFloat(Probabilities)[i])).ToArray();
        Assert.AreEqual(-Math.Log(Low), expected[2], 1e-9, "a 0 on the true class costs −log(1e-7)");
        LayerTestHarness.AssertClose(F(expected), new CategoricalCrossentropy().Compute(Matrix(OneHot), Matrix(Probabilities)), 1e-5);
        Assert.AreEqual(expected.Average(), new CategoricalCrossentropy().Call(Matrix(OneHot), Matrix(Probabilities)).item<float>(), 1e-5);
    }

    [TestMethod]
    public void CategoricalCrossentropyFromLogitsIsLogSoftmax()
    {
        double[][] logits = [[2.0, -1.0, 0.5], [0.0, 0.0, 0.0], [10.0, -10.0, 3.0]];
        var expected = OneHot.Select((t, i) => CceLogits(t, logits[i])).ToArray();
        LayerTestHarness.AssertClose(F(expected), new CategoricalCrossentropy(fromLogits: true).Compute(Matrix(OneHot), Matrix(logits)), 1e-5);
    }

    [TestMethod]
    public void CategoricalCrossentropyLabelSmoothingMixesInTheUniformDistribution()
    {
        const double s = 0.1;
        var smoothed = OneHot.Select(r => r.Select(v => v * (1 - s) + s / 3).ToArray()).ToArray();
        var expected = smoothed.Select((t, i) => Cce(t, AsFloat(Probabilities)[i])).ToArray();
        LayerTestHarness.AssertClose(F(expected), new CategoricalCrossentropy(labelSmoothing: s).Compute(Matrix(OneHot), Matrix(Probabilities)), 2e-5);
    }

    [TestMethod]
    public void CategoricalCrossentropyWithIntegerLabelsPointsToTheSparseLoss()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new CategoricalCrossentropy().Compute(tensor(new long[] { 1, 2, 0 }), Matrix(Probabilities)));
        StringAssert.Contains(e.Message, "sparse_categorical_crossentropy");
    }

    [TestMethod]
    public void SparseCategoricalCrossentropyEqualsCategoricalOnOneHot()
    {
        int[] labels = [1, 2, 0];
        var expected = labels.Select((l, i) => Cce(OneHotRow(l), AsFloat(Probabilities)[i])).ToArray();
        var loss = new SparseCategoricalCrossentropy();
        LayerTestHarness.AssertClose(F(expected), loss.Compute(tensor(new long[] { 1, 2, 0 }), Matrix(Probabilities)), 1e-5);
        // (batch, 1) labels, as float: the same.
        LayerTestHarness.AssertClose(F(expected), loss.Compute(Vector(1, 2, 0).reshape(3, 1), Matrix(Probabilities)), 1e-5);
        Assert.AreEqual(expected.Average(), loss.Call(tensor(new long[] { 1, 2, 0 }), Matrix(Probabilities)).item<float>(), 1e-5);
    }

    static double[] OneHotRow(int label) => LossReference.OneHot(label, 3);

    [TestMethod]
    public void SparseCategoricalCrossentropyFromLogits()
    {
        double[][] logits = [[2.0, -1.0, 0.5], [0.0, 1.0, 0.0], [-3.0, 2.0, 3.0]];
        int[] labels = [0, 1, 2];
        var expected = labels.Select((l, i) => CceLogits(OneHotRow(l), logits[i])).ToArray();
        LayerTestHarness.AssertClose(F(expected),
            new SparseCategoricalCrossentropy(fromLogits: true).Compute(tensor(new long[] { 0, 1, 2 }), Matrix(logits)), 1e-5);
    }

    [TestMethod]
    [DataRow(3L)]
    [DataRow(-1L)]
    public void SparseLabelOutOfRangeNamesTheValueAndTheClassCount(long bad)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().Call(tensor(new long[] { 0, bad, 1 }), Matrix(Probabilities)));
        StringAssert.Contains(e.Message, $"label value {bad}");
        StringAssert.Contains(e.Message, "3 classes");
        StringAssert.Contains(e.Message, "sparse_categorical_crossentropy");
    }

    [TestMethod]
    public void FractionalSparseLabelsAreClear()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(Vector(0, 1.5, 2), Matrix(Probabilities)));
        StringAssert.Contains(e.Message, "1.5");
        StringAssert.Contains(e.Message, "integer");
    }

    [TestMethod]
    public void SparseLabelsOfTheWrongShapeAreClear()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(tensor(new long[] { 0, 1 }), Matrix(Probabilities)));
        StringAssert.Contains(e.Message, "(3,)");
        StringAssert.Contains(e.Message, "(2,)");
    }

    [TestMethod]
    public void SparseLabelsOutOfRangeAreClear()
    {
        // 3 classes: 3 and -1 are no class; with ignoreClass -1 the -1 is fine but the 3 is still reported.
        foreach (var (labels, ignore, bad) in new[] { (new long[] { 0, 3, 1 }, (int?)null, 3L), (new long[] { -1, 0, 1 }, null, -1), (new long[] { -1, 3, 1 }, -1, 3) })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy(ignoreClass: ignore).Call(tensor(labels), Matrix(Probabilities)));
            StringAssert.Contains(e.Message, $"received label value {bad}, which is outside the valid range [0, 3) for 3 classes");
        }
        var fromLogits = Assert.ThrowsExactly<ArgumentException>(() => new SparseCategoricalCrossentropy(fromLogits: true).Call(tensor(new long[] { 0, 1, 7 }), Matrix(Probabilities)));
        StringAssert.Contains(fromLogits.Message, "received label value 7");
    }

    [TestMethod]
    public void IgnoreClassEntriesCountZeroAndTheMeanSkipsThem()
    {
        long[] labels = [1, -1, 0];  // -1 is the void class: no range error, no contribution
        var kept = new[] { Cce(OneHotRow(1), AsFloat(Probabilities)[0]), Cce(OneHotRow(0), AsFloat(Probabilities)[2]) };
        var none = new SparseCategoricalCrossentropy(ignoreClass: -1, reduction: "none").Call(tensor(labels), Matrix(Probabilities));
        LayerTestHarness.AssertClose([(float)kept[0], 0f, (float)kept[1]], none, 1e-5);
        // Keras's mask: the batch mean divides by the 2 kept entries, not 3.
        var mean = new SparseCategoricalCrossentropy(ignoreClass: -1).Call(tensor(labels), Matrix(Probabilities));
        Assert.AreEqual(kept.Average(), mean.item<float>(), 1e-5);
        var sum = new SparseCategoricalCrossentropy(ignoreClass: -1, reduction: "sum").Call(tensor(labels), Matrix(Probabilities));
        Assert.AreEqual(kept.Sum(), sum.item<float>(), 1e-5);
    }

    [TestMethod]
    public void IgnoredRowsGiveFiniteGradients()
    {
        var logits = Matrix(Probabilities).requires_grad_(true);
        var loss = new SparseCategoricalCrossentropy(ignoreClass: 2).Call(tensor(new long[] { 2, 1, 0 }), logits);
        loss.backward();
        Assert.IsTrue(LayerTestHarness.Values(logits.grad!).All(float.IsFinite));
        Assert.IsTrue(LayerTestHarness.Values(logits.grad![0]).All(g => g == 0), "the ignored row gets no gradient");
    }

    [TestMethod]
    public void ConfigCarriesCrossentropySettings()
    {
        var config = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1).GetConfig();
        Assert.AreEqual(true, config["from_logits"]);
        Assert.AreEqual(0.1, config["label_smoothing"]);
        Assert.AreEqual(-1, config["axis"]);
        Assert.AreEqual("categorical_crossentropy", config["name"]);
        Assert.AreEqual(-1, new SparseCategoricalCrossentropy(ignoreClass: -1).GetConfig()["ignore_class"]);
    }

    [TestMethod]
    public void LabelSmoothingOutsideZeroOneIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new BinaryCrossentropy(labelSmoothing: 1.5));
        StringAssert.Contains(e.Message, "1.5");
    }
}
