using Microsoft.ML.KerasStyle.Losses;
using static Microsoft.ML.KerasStyle.Tests.Losses.LossReference;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class PercentageAndLogLossTests : KerasTestBase
{
    static readonly double[][] YTrue = [[1.0, 0.0, 2.0], [0.5, -1.0, 3.0]];
    static readonly double[][] YPred = [[0.5, 0.2, 4.0], [0.5, 1.5, 2.0]];
    static readonly double[] Weights = [0.3, 1.7];

    static void AssertLoss(Loss loss, double[] perSample, double tolerance = 1e-5)
    {
        LayerTestHarness.AssertClose(perSample.Select(v => (float)v).ToArray(), loss.Compute(Matrix(YTrue), Matrix(YPred)), tolerance);
        Assert.AreEqual(Reduce(perSample, null, "sum_over_batch_size"), loss.Call(Matrix(YTrue), Matrix(YPred)).item<float>(), tolerance);
        Assert.AreEqual(Reduce(perSample, Weights, "sum_over_batch_size"), loss.Call(Matrix(YTrue), Matrix(YPred), Vector(Weights)).item<float>(), tolerance);
    }

    [TestMethod]
    public void MeanAbsolutePercentageErrorDividesByTheClippedTarget()
    {
        // The zero target divides by ε = 1e-7 (float32's 1e-7), as Keras does.
        var perSample = RowMean(YTrue, YPred, (t, p) => 100 * Math.Abs((t - p) / Math.Max(Math.Abs(t), Low)));
        AssertLoss(new MeanAbsolutePercentageError(), perSample, 1e-5 * perSample.Max());
        // A row without zero targets: 100·(0/0.5 + 2.5/1 + 1/3)/3.
        Assert.AreEqual(100 * (2.5 + 1.0 / 3) / 3, perSample[1], 1e-9);
        Assert.AreEqual("mean_absolute_percentage_error", new MeanAbsolutePercentageError().Name);
    }

    [TestMethod]
    public void MeanSquaredLogarithmicErrorClipsNegativesToEpsilon()
    {
        var perSample = RowMean(YTrue, YPred, (t, p) =>
        {
            var d = Math.Log(Math.Max(p, Eps) + 1) - Math.Log(Math.Max(t, Eps) + 1);
            return d * d;
        });
        AssertLoss(new MeanSquaredLogarithmicError(), perSample);
        Assert.AreEqual("mean_squared_logarithmic_error", new MeanSquaredLogarithmicError().Name);
    }

    [TestMethod]
    public void LogCoshIsTheLogOfTheHyperbolicCosine()
    {
        var perSample = RowMean(YTrue, YPred, (t, p) => Math.Log(Math.Cosh(p - t)));
        AssertLoss(new LogCosh(), perSample);
        Assert.AreEqual("log_cosh", new LogCosh().Name);
    }

    [TestMethod]
    public void LogCoshStaysFiniteForLargeErrors()
    {
        // cosh(200) overflows float32; the stable form gives |x| − log 2.
        var values = new LogCosh("none").Call(Matrix([[0.0], [0.0]]), Matrix([[200.0], [-1000.0]]));
        LayerTestHarness.AssertClose([(float)(200 - Math.Log(2)), (float)(1000 - Math.Log(2))], values, 1e-3);
    }

    [TestMethod]
    public void GradientsAreTheAnalyticDerivatives()
    {
        // One row of three, all targets non-zero and positive: d/dp of the row mean.
        double[] t = [1.0, 0.5, 2.0];
        double[] p = [0.5, 1.5, 2.25];
        (Loss Loss, Func<double, double, double> Derivative)[] cases =
        [
            (new MeanAbsolutePercentageError(), (a, b) => 100 * Math.Sign(b - a) / Math.Abs(a) / 3),
            (new MeanSquaredLogarithmicError(), (a, b) => 2 * (Math.Log(b + 1) - Math.Log(a + 1)) / (b + 1) / 3),
            (new LogCosh(), (a, b) => Math.Tanh(b - a) / 3),
        ];
        foreach (var (loss, derivative) in cases)
        {
            var predictions = Matrix([p]).requires_grad_();
            loss.Call(Matrix([t]), predictions).backward();
            LayerTestHarness.AssertClose(t.Select((a, i) => (float)derivative(a, p[i])).ToArray(), predictions.grad!.reshape(-1), 1e-5);
        }
    }

    [TestMethod]
    public void KerasMetricExamplesGiveKerasNumbers()
    {
        // regression_metrics.py docstrings, computed by Keras: [[0, 1], [0, 0]] against [[1, 1], [0, 0]].
        var t = Matrix([[0, 1], [0, 0]]);
        var p = Matrix([[1, 1], [0, 0]]);
        Assert.AreEqual(250000000.0, new MeanAbsolutePercentageError().Call(t, p).item<float>(), 100.0);
        Assert.AreEqual(0.12011322, new MeanSquaredLogarithmicError().Call(t, p).item<float>(), 1e-7);
        Assert.AreEqual(0.10844523, new LogCosh().Call(t, p).item<float>(), 1e-7);
    }
}
