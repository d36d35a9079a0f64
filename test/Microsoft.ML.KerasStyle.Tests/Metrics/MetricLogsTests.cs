using Microsoft.ML.KerasStyle.Metrics;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class MetricLogsTests : KerasTestBase
{
    sealed class DoubledMean() : Mean(name: "doubled")
    {
        public override MetricValue Result() => base.Result().Tensor * 2;
    }

    [TestMethod]
    public void LogsHoldExactlyWhatResultGives()
    {
        // Logs compute scalar means on the host; the numbers must be Result()'s to the last bit, in every dtype, for
        // sums, for an empty state, and for metrics that override Result().
        var floatMean = new Mean(name: "float_mean");
        floatMean.UpdateState([1.0, 1.0, 0.1], [3.0, 0.7, 1.3]);
        var doubleMean = new Mean(name: "double_mean", dtype: "float64");
        doubleMean.UpdateState([1.0, 2.0, 0.1]);
        var halfMean = new Mean(name: "half_mean", dtype: "float16");
        halfMean.UpdateState([1.0, 2.0, 0.1]);
        var sum = new Sum(name: "sum");
        sum.UpdateState([0.1, 0.2, 0.3]);
        var empty = new Mean(name: "empty");
        var rmse = new RootMeanSquaredError(name: "rmse");
        rmse.UpdateState(tensor(new[] { 1f, 2f, 3f }), tensor(new[] { 1.5f, 2.5f, 4f }));
        var doubled = new DoubledMean();
        doubled.UpdateState(1.0 / 3);
        Metric[] metrics = [floatMean, doubleMean, halfMean, sum, empty, rmse, doubled];

        var logs = metrics.ToLogs();

        foreach (var metric in metrics)
            Assert.AreEqual(metric.Result().ToDouble(), logs[metric.Name], 0.0, metric.Name);
        Assert.AreEqual(0.0, logs["empty"]);
        Assert.AreEqual((double)(float)(1.0f / 3 * 2), logs["doubled"], 1e-7);
        // (1·3 + 1·0.7 + 0.1·1.3) / 5 in float32: not the double-precision quotient.
        Assert.AreEqual((double)((3f + 0.7f + 0.13f) / 5f), logs["float_mean"], 1e-7);
        Assert.AreNotEqual((3.0 + 0.7 + 0.13) / 5.0, logs["float_mean"]);
    }
}
