using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class MonitorCallbackTests : KerasTestBase
{
    // MonitorCallback is a base class; this exposes what subclasses see.
    sealed class Probe(string monitor = "val_loss", string mode = "auto", double? baseline = null, double minDelta = 0, bool? customDirection = null)
        : MonitorCallback(monitor, mode, baseline, minDelta)
    {
        public double? Read(Logs logs) => GetMonitorValue(logs);

        protected override bool? MetricMaximizes(string metricName) => customDirection ?? base.MetricMaximizes(metricName);
    }

    [TestMethod]
    public void ExplicitModesAreKnownAtOnce()
    {
        Assert.IsFalse(new Probe("val_accuracy", "min").Maximize);
        Assert.IsTrue(new Probe("val_loss", "max").Maximize);
        Assert.IsNull(new Probe("val_loss").Maximize, "auto mode is resolved at the first epoch end, as in Keras");
    }

    [TestMethod]
    [DataRow("loss", false)]
    [DataRow("val_loss", false)]
    [DataRow("accuracy", true)]
    [DataRow("val_accuracy", true)]
    [DataRow("acc", true)]
    [DataRow("val_binary_accuracy", true)]
    [DataRow("auc", true)]
    [DataRow("val_precision", true)]
    [DataRow("f1_score", true)]
    [DataRow("r2_score", true)]
    [DataRow("val_mse", false)]
    [DataRow("mean_absolute_error", false)]
    [DataRow("hinge", false)]
    [DataRow("val_sparse_categorical_crossentropy", false)]
    [DataRow("kl_divergence", false)]
    [DataRow("MeanSquaredError", false)]
    [DataRow("val_MeanIoU", true)]
    public void AutoModeFollowsKerasMetricDirections(string monitor, bool maximize)
    {
        // Expected directions: Keras 3's `_direction` of the metric class Compile makes for that name
        // (keras/src/metrics/*_metrics.py), and "loss" is always minimized.
        var probe = new Probe(monitor);
        Assert.AreEqual(maximize, probe.ResolveDirection());
        Assert.AreEqual(maximize, probe.Maximize);
    }

    [TestMethod]
    [DataRow("my_custom_score")]
    [DataRow("val_val_loss")] // only one "val_" prefix is removed, as Keras's removeprefix does
    [DataRow("false_negatives")] // a Keras metric that declares no direction
    public void AutoModeWithAnUnknownNameIsAnError(string monitor)
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new Probe(monitor).ResolveDirection());
        StringAssert.Contains(error.Message, $"monitor={monitor}");
        StringAssert.Contains(error.Message, "mode: \"max\"");
        StringAssert.Contains(error.Message, "mode: \"min\"");
    }

    [TestMethod]
    public void ACustomMetricDirectionCanBeSupplied()
    {
        Assert.IsTrue(new Probe("val_my_score", customDirection: true).ResolveDirection());
        Assert.IsFalse(new Probe("my_error", customDirection: false).ResolveDirection());
    }

    [TestMethod]
    public void MinDeltaInMaxModeMatchesKeras()
    {
        // keras/src/callbacks/monitor_callback_test.py test_min_delta: mode max, min_delta 0.5.
        var probe = new Probe(mode: "max", minDelta: 0.5);
        Assert.IsTrue(probe.IsImprovement(0.75, 0));   // 0.75 - 0.5 = 0.25 > 0
        Assert.IsTrue(probe.IsImprovement(0.5, null)); // anything beats "no value yet"
        Assert.IsFalse(probe.IsImprovement(0.5, 0));   // 0.5 - 0.5 = 0 is not > 0
        Assert.IsFalse(probe.IsImprovement(0.2, 0.5));
    }

    [TestMethod]
    public void MinDeltaSignIsIgnoredAndSubtractedInMinMode()
    {
        var probe = new Probe(mode: "min", minDelta: -0.5);
        Assert.AreEqual(0.5, probe.MinDelta);
        Assert.IsTrue(probe.IsImprovement(0.4, 1.0));  // 0.4 + 0.5 = 0.9 < 1.0
        Assert.IsFalse(probe.IsImprovement(0.6, 1.0)); // 0.6 + 0.5 = 1.1
        Assert.IsFalse(probe.IsImprovement(1.0, 1.0));
    }

    [TestMethod]
    public void ImprovementWithoutDeltaIsStrict()
    {
        var minimize = new Probe("loss");
        Assert.IsTrue(minimize.IsImprovement(0.99, 1.0));
        Assert.IsFalse(minimize.IsImprovement(1.0, 1.0));
        var maximize = new Probe("val_accuracy");
        Assert.IsTrue(maximize.IsImprovement(0.51, 0.5));
        Assert.IsFalse(maximize.IsImprovement(0.5, 0.5));
    }

    [TestMethod]
    public void BaselineIsTheInitialBest()
    {
        Assert.AreEqual(0.7, new Probe("val_accuracy", baseline: 0.7).Best);
        Assert.IsNull(new Probe().Best);
    }

    [TestMethod]
    public void MissingMonitorWarnsWithTheAvailableKeys()
    {
        var warnings = new StringWriter();
        var probe = new Probe("val_loss") { WarningOutput = warnings };
        Assert.IsNull(probe.Read(CallbackTestModel.Logs(("loss", 0.5), ("accuracy", 0.25))));
        Assert.AreEqual("Probe is conditioned on metric `val_loss` which is not available. Available metrics are: loss,accuracy" + Environment.NewLine,
                        warnings.ToString());
        Assert.AreEqual(0.5, probe.Read(CallbackTestModel.Logs(("val_loss", 0.5))));
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        var mode = Assert.ThrowsExactly<ArgumentException>(() => new Probe(mode: "maximum"));
        StringAssert.Contains(mode.Message, "Probe: mode must be 'auto', 'min' or 'max', received 'maximum'");
        var monitor = Assert.ThrowsExactly<ArgumentException>(() => new Probe(monitor: ""));
        StringAssert.Contains(monitor.Message, "monitor must name a logged quantity");
        var delta = Assert.ThrowsExactly<ArgumentException>(() => new Probe(minDelta: double.NaN));
        StringAssert.Contains(delta.Message, "minDelta must be a finite number");
    }
}
