using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class OverlapLossTests : KerasTestBase
{
    static readonly double[][] Masks = [[1, 1, 0, 0], [0, 1, 1, 1], [0, 0, 0, 1]];
    static readonly double[][] Probabilities = [[0.9, 0.6, 0.2, 0.1], [0.3, 0.8, 0.7, 0.4], [0.05, 0.2, 0.1, 0.95]];

    /// <summary>1 − TP / (TP + α·FP + β·FN + ε) over the given rows (Dice is α = β = 0.5).</summary>
    static double Tversky(IEnumerable<int> rows, double alpha, double beta)
    {
        double tp = 0, fp = 0, fn = 0;
        foreach (var i in rows)
            for (var j = 0; j < Masks[i].Length; j++)
            {
                var (t, p) = ((double)(float)Masks[i][j], (double)(float)Probabilities[i][j]);
                tp += t * p;
                fp += (1 - t) * p;
                fn += t * (1 - p);
            }
        return 1 - tp / (tp + alpha * fp + beta * fn + Eps);
    }

    static double Dice(IEnumerable<int> rows)
    {
        double intersection = 0, sum = 0;
        foreach (var i in rows)
            for (var j = 0; j < Masks[i].Length; j++)
            {
                intersection += (float)Masks[i][j] * (double)(float)Probabilities[i][j];
                sum += (float)Masks[i][j] + (double)(float)Probabilities[i][j];
            }
        return 1 - 2 * intersection / (sum + Eps);
    }

    [TestMethod]
    public void DiceOverTheWholeBatchOrPerSample()
    {
        var all = Enumerable.Range(0, 3);
        Assert.AreEqual(Dice(all), new Dice().Call(Matrix(Masks), Matrix(Probabilities)).item<float>(), 1e-6);
        var perSample = new[] { Dice([0]), Dice([1]), Dice([2]) };
        var loss = new Dice(axis: [1]);
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(Masks), Matrix(Probabilities)), 1e-6);
        Assert.AreEqual(Reduce(perSample, [0.5, 1, 2], "sum_over_batch_size"), loss.Call(Matrix(Masks), Matrix(Probabilities), Vector(0.5, 1, 2)).item<float>(), 1e-6);
        Assert.AreEqual(Tversky(all, 0.5, 0.5), Dice(all), 1e-7, "Dice is Tversky with α = β = ½ (up to where ε sits)");
    }

    [TestMethod]
    [DataRow(0.5, 0.5)]
    [DataRow(0.3, 0.7)]
    [DataRow(1.0, 0.0)]
    public void TverskyWeighsFalsePositivesAndNegatives(double alpha, double beta)
    {
        Assert.AreEqual(Tversky(Enumerable.Range(0, 3), alpha, beta), new Tversky(alpha, beta).Call(Matrix(Masks), Matrix(Probabilities)).item<float>(), 1e-6);
        var perSample = new Tversky(alpha, beta, reduction: "none", axis: [-1]).Call(Matrix(Masks), Matrix(Probabilities));
        LayerTestHarness.AssertClose([(float)Tversky([0], alpha, beta), (float)Tversky([1], alpha, beta), (float)Tversky([2], alpha, beta)], perSample, 1e-6);
    }

    [TestMethod]
    public void ConfigsAndRegistry()
    {
        CollectionAssert.AreEqual(new[] { "name", "reduction", "axis" }, new Dice().GetConfig().Keys.ToArray());
        Assert.IsNull(new Dice().GetConfig()["axis"]);
        CollectionAssert.AreEqual(new[] { 1, 2 }, (int[])new Dice(axis: [1, 2]).GetConfig()["axis"]!);
        var tversky = new Tversky(0.3, 0.7).GetConfig();
        CollectionAssert.AreEqual(new[] { "name", "reduction", "alpha", "beta", "axis" }, tversky.Keys.ToArray());
        Assert.AreEqual(0.7, tversky["beta"]);
        Assert.IsInstanceOfType<Dice>(LossRegistry.Get("dice"));
        Assert.IsInstanceOfType<Tversky>(LossRegistry.Get("tversky"));
    }
}
