using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class EarlyStoppingTests : KerasTestBase
{
    // Runs epochs one by one, marking the model's weights with the epoch number first, and records after which
    // epochs StopTraining was set.
    static List<int> Run(EarlyStopping stopping, Model model, string monitor, params double[] values)
    {
        var stoppedAfter = new List<int>();
        stopping.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < values.Length && !model.StopTraining; epoch++)
        {
            FillWeights(model, epoch);
            stopping.OnEpochEnd(epoch, Logs((monitor, values[epoch])));
            if (model.StopTraining) stoppedAfter.Add(epoch);
        }
        stopping.OnTrainEnd(new Logs());
        return stoppedAfter;
    }

    [TestMethod]
    public void StopsAfterPatienceEpochsWithoutImprovement()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 2).Attach(model);
        // e0 best 1.0; e1 0.9 improves (wait 0); e2 0.95 wait 1; e3 0.97 wait 2 >= 2 → stop.
        var stopped = Run(stopping, model, "loss", 1.0, 0.9, 0.95, 0.97, 0.1);
        CollectionAssert.AreEqual(new[] { 3 }, stopped);
        Assert.AreEqual(3, stopping.StoppedEpoch);
        Assert.AreEqual(0.9, stopping.Best);
        Assert.AreEqual(1, stopping.BestEpoch);
        Assert.AreEqual(2, stopping.Wait);
    }

    [TestMethod]
    public void PatienceZeroStopsAtTheFirstEpochWithoutImprovement()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss").Attach(model);
        CollectionAssert.AreEqual(new[] { 2 }, Run(stopping, model, "loss", 1.0, 0.5, 0.5));
    }

    [TestMethod]
    public void NeverStopsWhileImproving()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "val_loss", patience: 1).Attach(model);
        Assert.AreEqual(0, Run(stopping, model, "val_loss", 5, 4, 3, 2, 1).Count);
        Assert.IsFalse(model.StopTraining);
        Assert.AreEqual(0, stopping.StoppedEpoch);
    }

    [TestMethod]
    public void AccuracyIsMaximizedInAutoMode()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "val_accuracy", patience: 1).Attach(model);
        // e0 best 0.5; e1 0.6 improves; e2 0.55 wait 1 >= 1 → stop.
        CollectionAssert.AreEqual(new[] { 2 }, Run(stopping, model, "val_accuracy", 0.5, 0.6, 0.55, 0.9));
        Assert.AreEqual(0.6, stopping.Best);
    }

    [TestMethod]
    public void MinDeltaDecidesWhatCountsAsImprovement()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", minDelta: 0.01, patience: 1).Attach(model);
        // e1: 0.995 + 0.01 = 1.005 is not < 1.0, so no improvement: wait 1 >= 1 → stop.
        CollectionAssert.AreEqual(new[] { 1 }, Run(stopping, model, "loss", 1.0, 0.995));
        Assert.AreEqual(1.0, stopping.Best);
    }

    [TestMethod]
    public void BaselineNeverReachedStopsAfterPatience()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.6).Attach(model);
        // e0: wait 1, best 0.3 (not above 0.6, wait kept); e1: wait 2, best 0.4 (kept); e2: wait 3, no improvement → stop.
        CollectionAssert.AreEqual(new[] { 2 }, Run(stopping, model, "val_accuracy", 0.3, 0.4, 0.35, 0.36));
        Assert.AreEqual(0.4, stopping.Best);
    }

    [TestMethod]
    public void BeatingTheBaselineResetsThePatience()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "val_accuracy", patience: 2, baseline: 0.6).Attach(model);
        // e0: wait 1; e1: 0.7 beats best and baseline → wait 0; e2: wait 1; e3: wait 2 → stop.
        CollectionAssert.AreEqual(new[] { 3 }, Run(stopping, model, "val_accuracy", 0.3, 0.7, 0.65, 0.66, 0.9));
    }

    [TestMethod]
    public void EpochsBeforeStartFromEpochAreNotMonitored()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", startFromEpoch: 2).Attach(model);
        // e0, e1 ignored (they would stop at e1 otherwise); e2 sets best 1.0; e3 1.1 → stop.
        CollectionAssert.AreEqual(new[] { 3 }, Run(stopping, model, "loss", 0.1, 0.2, 1.0, 1.1));
        Assert.AreEqual(1.0, stopping.Best);
        Assert.AreEqual(2, stopping.BestEpoch);
    }

    [TestMethod]
    public void RestoresTheBestEpochsWeightsAfterStopping()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true).Attach(model);
        // Best is e1 (0.3); stops at e3, whose weights (all 3) are in the model until OnTrainEnd.
        CollectionAssert.AreEqual(new[] { 3 }, Run(stopping, model, "loss", 0.5, 0.3, 0.4, 0.45));
        Assert.AreEqual(1, stopping.BestEpoch);
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, WeightValues(model)); // kernel (2, 1) and bias (1), marked 1 at e1
    }

    [TestMethod]
    public void RestoresTheBestWeightsEvenWithoutStopping()
    {
        // Keras 3 restores at on_train_end whenever best weights were kept, stopped or not.
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 10, restoreBestWeights: true).Attach(model);
        Assert.AreEqual(0, Run(stopping, model, "loss", 0.5, 0.3, 0.4).Count);
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, WeightValues(model));
    }

    [TestMethod]
    public void RestoresTheBestEpochEvenWhenTheBaselineIsNeverBeaten()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 3, baseline: 0.1, restoreBestWeights: true).Attach(model);
        // None reaches 0.1, so wait is never reset: e0 wait 1, e1 (0.4, the best) wait 2, e2 wait 3 >= 3 → stop.
        CollectionAssert.AreEqual(new[] { 2 }, Run(stopping, model, "loss", 0.5, 0.4, 0.45, 0.2));
        Assert.AreEqual(1, stopping.BestEpoch);
        CollectionAssert.AreEqual(new float[] { 1, 1, 1 }, WeightValues(model));
    }

    [TestMethod]
    public void WithoutRestoreTheLastWeightsStay()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 1).Attach(model);
        Run(stopping, model, "loss", 0.5, 0.3, 0.4);
        CollectionAssert.AreEqual(new float[] { 2, 2, 2 }, WeightValues(model));
        Assert.IsNull(stopping.BestWeights);
    }

    [TestMethod]
    public void VerbosePrintsKerasMessages()
    {
        var model = Create();
        var output = new StringWriter();
        var stopping = new EarlyStopping(monitor: "loss", patience: 1, verbose: 1, restoreBestWeights: true) { Output = output }.Attach(model);
        Run(stopping, model, "loss", 0.5, 0.3, 0.4);
        var nl = Environment.NewLine;
        Assert.AreEqual($"Epoch 3: early stopping{nl}Restoring model weights from the end of the best epoch: 2.{nl}", output.ToString());
    }

    [TestMethod]
    public void SilentByDefault()
    {
        var model = Create();
        var output = new StringWriter();
        var stopping = new EarlyStopping(monitor: "loss") { Output = output }.Attach(model);
        Run(stopping, model, "loss", 0.5, 0.6);
        Assert.IsTrue(model.StopTraining);
        Assert.AreEqual("", output.ToString());
    }

    [TestMethod]
    public void MissingMonitorWarnsAndDoesNotStop()
    {
        var model = Create();
        var warnings = new StringWriter();
        var stopping = new EarlyStopping(patience: 0) { WarningOutput = warnings }.Attach(model);
        stopping.OnTrainBegin(new Logs());
        stopping.OnEpochEnd(0, Logs(("loss", 0.5), ("accuracy", 0.25)));
        stopping.OnEpochEnd(1, Logs(("loss", 0.6), ("accuracy", 0.25)));
        Assert.IsFalse(model.StopTraining);
        Assert.AreEqual(0, stopping.Wait);
        var line = "Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss,accuracy" + Environment.NewLine;
        Assert.AreEqual(line + line, warnings.ToString());
    }

    [TestMethod]
    public void AnInstanceCanBeReusedAcrossRuns()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "loss", patience: 1).Attach(model);
        Run(stopping, model, "loss", 0.1, 0.2);
        Assert.AreEqual(1, stopping.StoppedEpoch);
        model.StopTraining = false;
        // A second run starts from scratch: 5.0 is not compared with the first run's best 0.1.
        Assert.AreEqual(0, Run(stopping, model, "loss", 5.0, 4.0).Count);
        Assert.AreEqual(0, stopping.StoppedEpoch);
        Assert.AreEqual(4.0, stopping.Best);
    }

    [TestMethod]
    public void AnUndecidableAutoMonitorIsAnErrorAtTheFirstEpoch()
    {
        var model = Create();
        var stopping = new EarlyStopping(monitor: "val_custom").Attach(model);
        stopping.OnTrainBegin(new Logs());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => stopping.OnEpochEnd(0, Logs(("val_custom", 1.0))));
        StringAssert.StartsWith(error.Message, "EarlyStopping callback received monitor=val_custom");
        // An explicit mode works for the same name.
        var explicitMode = new EarlyStopping(monitor: "val_custom", mode: "max", patience: 0).Attach(model);
        CollectionAssert.AreEqual(new[] { 1 }, Run(explicitMode, model, "val_custom", 1.0, 0.5));
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new EarlyStopping(patience: -1)).Message,
                              "EarlyStopping: patience must be 0 or more epochs, received -1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new EarlyStopping(startFromEpoch: -2)).Message,
                              "EarlyStopping: startFromEpoch must be 0 or more, received -2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new EarlyStopping(mode: "up")).Message,
                              "EarlyStopping: mode must be 'auto', 'min' or 'max', received 'up'");
    }
}
