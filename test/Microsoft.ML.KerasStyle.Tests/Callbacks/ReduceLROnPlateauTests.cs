using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class ReduceLROnPlateauTests : KerasTestBase
{
    // The optimizer keeps its rate in a float32 variable (as Keras does), so every rate read back is float32-rounded.
    static double Float32(double value) => (float)value;

    // The rate after each epoch of a run with the given monitored values, and each epoch's logs.
    static List<double> RatesAfterEachEpoch(ReduceLROnPlateau callback, Model model, string monitor, params double[] values) =>
        Run(callback, model, monitor, values).Rates;

    static (List<double> Rates, List<Logs> Logs) Run(ReduceLROnPlateau callback, Model model, string monitor, params double[] values)
    {
        var rates = new List<double>();
        var allLogs = new List<Logs>();
        callback.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < values.Length; epoch++)
        {
            var logs = Logs((monitor, values[epoch]));
            callback.OnEpochEnd(epoch, logs);
            rates.Add(model.Optimizer!.LearningRate);
            allLogs.Add(logs);
        }
        return (rates, allLogs);
    }

    static void AssertRates(double[] expected, List<double> actual)
    {
        Assert.AreEqual(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(Float32(expected[i]), actual[i], 1e-12, $"learning rate after epoch {i}");
    }

    [TestMethod]
    public void ReducesAfterPatienceWithCooldownDownToMinLr()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02).Attach(model);
        var (rates, logs) = Run(callback, model, "loss", Enumerable.Repeat(1.0, 10).ToArray());
        // A flat loss: e0 sets best; e1 wait 1; e2 wait 2 → 0.1·0.5 = 0.05 (cooldown 1); e3 cooldown ends, wait 1;
        // e4 wait 2 → 0.025; e5 wait 1; e6 → max(0.0125, 0.02) = 0.02; e7, e8, e9: at min_lr, no further change.
        AssertRates([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02], rates);
        // Each epoch's logs get the rate in force during that epoch (read before any reduction).
        double[] logged = [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02];
        for (var i = 0; i < logs.Count; i++)
        {
            Assert.AreEqual(Float32(logged[i]), logs[i]["learning_rate"], 1e-12, $"logged learning rate at epoch {i}");
            CollectionAssert.AreEqual(new[] { "loss", "learning_rate" }, logs[i].Keys.ToArray());
        }
        // At min_lr nothing is reduced (Keras compares with min_lr as float32), so the wait keeps counting: e7 1, e8 2, e9 3.
        Assert.AreEqual(3, callback.Wait);
    }

    [TestMethod]
    public void CooldownSkipsEpochsAfterAReduction()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, cooldown: 2).Attach(model);
        // e0 best; e1 → 0.05 (cooldown 2); e2 cooldown 1, not counted; e3 cooldown 0, wait 1 → 0.025; e4 skipped; e5 → 0.0125.
        AssertRates([0.1, 0.05, 0.05, 0.025, 0.025, 0.0125], RatesAfterEachEpoch(callback, model, "loss", 1, 1, 1, 1, 1, 1));
    }

    [TestMethod]
    public void ImprovementResetsTheWait()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "val_loss", patience: 2).Attach(model);
        // 1.0, 0.9 (better), 0.95 (wait 1), 0.8 (better, wait 0), 0.85 (wait 1), 0.7: never 2 epochs in a row without improvement.
        AssertRates([0.1, 0.1, 0.1, 0.1, 0.1, 0.1], RatesAfterEachEpoch(callback, model, "val_loss", 1.0, 0.9, 0.95, 0.8, 0.85, 0.7));
        Assert.AreEqual(0.7, callback.Best);
    }

    [TestMethod]
    public void DefaultMinDeltaIgnoresTinyImprovements()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "loss", patience: 1).Attach(model);
        // 0.99995 + 1e-4 = 1.00005 is not below 1.0: no improvement, wait 1 → 0.1·0.1 = 0.01.
        AssertRates([0.1, 0.01], RatesAfterEachEpoch(callback, model, "loss", 1.0, 0.99995));
    }

    [TestMethod]
    public void AccuracyPlateausReduceInMaxMode()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1).Attach(model);
        // 0.5, 0.6 (better), 0.55 (worse: wait 1 → 0.05), 0.7 (better).
        AssertRates([0.1, 0.1, 0.05, 0.05], RatesAfterEachEpoch(callback, model, "val_accuracy", 0.5, 0.6, 0.55, 0.7));
    }

    [TestMethod]
    public void VerbosePrintsTheNewRateAsKerasDoes()
    {
        var model = Create(learningRate: 0.1);
        var output = new StringWriter();
        var callback = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, verbose: 1) { Output = output }.Attach(model);
        RatesAfterEachEpoch(callback, model, "loss", 1, 1);
        // Python: float(np.float32(0.1)) * 0.5 → repr 0.05000000074505806.
        Assert.AreEqual("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806." + Environment.NewLine, output.ToString());
    }

    [TestMethod]
    public void MissingMonitorWarnsListingTheLoggedRate()
    {
        var model = Create(learningRate: 0.1);
        var warnings = new StringWriter();
        var callback = new ReduceLROnPlateau(patience: 0) { WarningOutput = warnings }.Attach(model);
        callback.OnTrainBegin(new Logs());
        var logs = Logs(("loss", 0.5));
        callback.OnEpochEnd(0, logs);
        callback.OnEpochEnd(1, Logs(("loss", 0.5)));
        Assert.AreEqual("Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: loss,learning_rate." + Environment.NewLine,
                        warnings.ToString().Split(Environment.NewLine)[0] + Environment.NewLine);
        Assert.AreEqual(Float32(0.1), logs["learning_rate"], 1e-12);
        Assert.AreEqual(Float32(0.1), model.Optimizer!.LearningRate, 1e-12);
    }

    [TestMethod]
    public void AnInstanceCanBeReusedAcrossRuns()
    {
        var model = Create(learningRate: 0.1);
        var callback = new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1).Attach(model);
        RatesAfterEachEpoch(callback, model, "loss", 0.1, 0.2);
        // A new run forgets the old best 0.1, so 5.0 then 4.0 are improvements: no reduction (rate stays at 0.05).
        AssertRates([0.05, 0.05], RatesAfterEachEpoch(callback, model, "loss", 5.0, 4.0));
    }

    [TestMethod]
    public void ModelWithoutOptimizerIsAClearError()
    {
        var model = Create();
        model.Optimizer = null;
        var callback = new ReduceLROnPlateau(monitor: "loss").Attach(model);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => callback.OnEpochEnd(0, Logs(("loss", 1.0))));
        StringAssert.Contains(error.Message, "ReduceLROnPlateau needs the model's optimizer, but model 'sequential' has none");
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => new ReduceLROnPlateau(factor: 1.0)).Message,
                                "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1.0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReduceLROnPlateau(factor: -0.5)).Message, "factor must be between 0 and 1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReduceLROnPlateau(patience: -1)).Message, "patience must be 0 or more");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReduceLROnPlateau(cooldown: -1)).Message, "cooldown must be 0 or more");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ReduceLROnPlateau(minLr: -1)).Message, "minLr must be a non-negative number");
    }
}
