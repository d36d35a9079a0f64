using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class HingeLossTests : KerasTestBase
{
    // Keras's losses_test.py example: 0/1 targets, so they become −1/1.
    static readonly double[][] BinaryTargets = [[0, 1], [0, 0]];
    static readonly double[][] Scores = [[0.6, 0.4], [0.4, 0.6]];
    // Targets already −1/1 (and one 0.5, so the batch is not read as 0/1 labels).
    static readonly double[][] SignedTargets = [[-1, 1, 0.5], [1, -1, -1]];
    static readonly double[][] SignedScores = [[0.3, -2, 0.5], [1.5, 0.25, -0.75]];
    static readonly double[] Weights = [0.75, 2];

    // Keras's convert_binary_labels_to_hinge over the whole batch: 2t − 1 when every target is 0 or 1.
    static double[][] HingeTargets(double[][] t) =>
        t.SelectMany(r => r).All(v => v is 0 or 1) ? t.Select(r => r.Select(v => 2 * v - 1).ToArray()).ToArray() : t;

    static double[] HingeReference(double[][] t, double[][] p, bool squared) =>
        RowMean(HingeTargets(t), p, (a, b) => { var h = Math.Max(1 - a * b, 0); return squared ? h * h : h; });

    static double[] CategoricalHingeReference(double[][] t, double[][] p) => t.Select((row, i) =>
    {
        double positive = 0, negative = double.NegativeInfinity;
        for (var j = 0; j < row.Length; j++)
        {
            positive += row[j] * p[i][j];
            negative = Math.Max(negative, (1 - row[j]) * p[i][j]);
        }
        return Math.Max(negative - positive + 1, 0);
    }).ToArray();

    static void AssertLoss(Loss loss, double[][] t, double[][] p, double[] perSample)
    {
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(t), Matrix(p)), 1e-5);
        Assert.AreEqual(Reduce(perSample, null, "sum_over_batch_size"), loss.Call(Matrix(t), Matrix(p)).item<float>(), 1e-5);
        Assert.AreEqual(Reduce(perSample, Weights, "sum_over_batch_size"), loss.Call(Matrix(t), Matrix(p), Vector(Weights)).item<float>(), 1e-5);
    }

    [TestMethod]
    public void HingeMatchesKerasExampleAndReference()
    {
        var perSample = HingeReference(BinaryTargets, Scores, squared: false);
        // losses_test.py: per sample [1.1, 1.5], mean 1.3, sum 2.6 (the reference reads the inputs as float32 holds them).
        Assert.AreEqual(1.1, perSample[0], 1e-6);
        Assert.AreEqual(1.5, perSample[1], 1e-6);
        AssertLoss(new Hinge(), BinaryTargets, Scores, perSample);
        Assert.AreEqual(2.6, new Hinge("sum").Call(Matrix(BinaryTargets), Matrix(Scores)).item<float>(), 1e-5);
        AssertLoss(new Hinge(), SignedTargets, SignedScores, HingeReference(SignedTargets, SignedScores, squared: false));
        Assert.AreEqual("hinge", new Hinge().Name);
    }

    [TestMethod]
    public void SignedTargetsAreNotConverted()
    {
        // −1/1 targets stay as they are: with 0/1 conversion the first row would differ.
        double[][] t = [[-1, 1], [1, -1]];
        double[][] p = [[0.5, 0.5], [2, -0.25]];
        var values = new Hinge("none").Call(Matrix(t), Matrix(p));
        LayerTestHarness.AssertClose([(1.5f + 0.5f) / 2, (0f + 0.75f) / 2], values, 1e-6);
    }

    [TestMethod]
    public void SquaredHingeSquaresTheMargins()
    {
        var perSample = HingeReference(BinaryTargets, Scores, squared: true);
        // Margins [1.6, 0.6] and [1.4, 1.6]: [(2.56 + 0.36)/2, (1.96 + 2.56)/2] = [1.46, 2.26] (losses_test.py).
        Assert.AreEqual(1.46, perSample[0], 1e-6);
        Assert.AreEqual(2.26, perSample[1], 1e-6);
        AssertLoss(new SquaredHinge(), BinaryTargets, Scores, perSample);
        AssertLoss(new SquaredHinge(), SignedTargets, SignedScores, HingeReference(SignedTargets, SignedScores, squared: true));
        Assert.AreEqual("squared_hinge", new SquaredHinge().Name);
    }

    [TestMethod]
    public void CategoricalHingeIsTheMarginToTheBestOtherClass()
    {
        var perSample = CategoricalHingeReference(BinaryTargets, Scores);
        Assert.AreEqual(1.2, perSample[0], 1e-6, "losses_test.py: [1.2, 1.6]");
        Assert.AreEqual(1.6, perSample[1], 1e-6);
        AssertLoss(new CategoricalHinge(), BinaryTargets, Scores, perSample);
        double[][] oneHot = [[0, 0, 1], [1, 0, 0]];
        double[][] scores = [[0.2, 3, 2.5], [4, -1, 0.5]];
        AssertLoss(new CategoricalHinge(), oneHot, scores, CategoricalHingeReference(oneHot, scores));
        Assert.AreEqual("categorical_hinge", new CategoricalHinge().Name);
    }

    [TestMethod]
    public void HingeGradientIsMinusTheTargetInsideTheMargin()
    {
        var scores = Matrix([[0.25, -3]]).requires_grad_();
        new Hinge().Call(Matrix([[1, 0]]), scores).backward();
        // Targets 1 → 1, 0 → −1: the first margin 0.75 is active (∂/∂p = −1/2), the second −2 is not.
        LayerTestHarness.AssertClose([-0.5f, 0f], scores.grad!, 1e-7);
    }

    [TestMethod]
    public void ConfigIsKerasLossConfig()
    {
        foreach (var loss in new Loss[] { new Hinge(), new SquaredHinge(), new CategoricalHinge() })
            CollectionAssert.AreEquivalent(new[] { "name", "reduction" }, loss.GetConfig().Keys.ToArray(), loss.Name);
    }
}
