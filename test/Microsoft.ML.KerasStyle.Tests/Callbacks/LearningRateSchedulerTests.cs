using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class LearningRateSchedulerTests : KerasTestBase
{
    [TestMethod]
    public void SetsTheRateAtEachEpochBeginAndLogsIt()
    {
        var model = Create(learningRate: 0.1);
        var scheduler = new LearningRateScheduler((epoch, lr) => epoch < 2 ? lr : lr * 0.5).Attach(model);
        var seen = new List<double>();
        scheduler.OnTrainBegin(new Logs());
        var logs = new List<Logs>();
        for (var epoch = 0; epoch < 4; epoch++)
        {
            scheduler.OnEpochBegin(epoch, new Logs());
            seen.Add(model.Optimizer!.LearningRate);
            var epochLogs = Logs(("loss", 1.0));
            scheduler.OnEpochEnd(epoch, epochLogs);
            logs.Add(epochLogs);
        }
        // 0.1, 0.1, then halved each epoch: 0.05, 0.025 (float32-stored).
        double[] expected = [0.1, 0.1, 0.05, 0.025];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual((float)expected[i], seen[i], 1e-12);
            Assert.AreEqual((float)expected[i], logs[i]["learning_rate"], 1e-12);
        }
    }

    [TestMethod]
    public void TheScheduleReceivesTheCurrentRate()
    {
        var model = Create(learningRate: 0.25);
        var received = new List<(int Epoch, double Rate)>();
        var scheduler = new LearningRateScheduler((epoch, lr) => { received.Add((epoch, lr)); return lr + 0.25; }).Attach(model);
        scheduler.OnEpochBegin(0, new Logs());
        scheduler.OnEpochBegin(1, new Logs());
        // 0.25 and 0.5 are exact in float32.
        CollectionAssert.AreEqual(new[] { (0, 0.25), (1, 0.5) }, received);
        Assert.AreEqual(0.75, model.Optimizer!.LearningRate);
    }

    [TestMethod]
    public void AnEpochOnlyScheduleIsAccepted()
    {
        var model = Create(learningRate: 0.1);
        var scheduler = new LearningRateScheduler(epoch => 0.5 / (epoch + 1)).Attach(model);
        scheduler.OnEpochBegin(3, new Logs());
        Assert.AreEqual(0.125, model.Optimizer!.LearningRate); // 0.5 / 4, exact in float32
    }

    [TestMethod]
    public void VerbosePrintsTheScheduledRateAsKerasDoes()
    {
        var model = Create(learningRate: 0.1);
        var output = new StringWriter();
        var scheduler = new LearningRateScheduler(epoch => epoch == 0 ? 0.01 : 1e-5, verbose: 1) { Output = output }.Attach(model);
        scheduler.OnEpochBegin(0, new Logs());
        scheduler.OnEpochBegin(1, new Logs());
        var nl = Environment.NewLine;
        // Python prints the schedule's float with repr: 0.01, 1e-05.
        Assert.AreEqual($"\nEpoch 1: LearningRateScheduler setting learning rate to 0.01.{nl}\nEpoch 2: LearningRateScheduler setting learning rate to 1e-05.{nl}",
                        output.ToString());
    }

    [TestMethod]
    public void ANonFiniteRateIsAClearError()
    {
        var model = Create();
        var scheduler = new LearningRateScheduler(epoch => double.NaN).Attach(model);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => scheduler.OnEpochBegin(2, new Logs()));
        StringAssert.Contains(error.Message, "The output of the LearningRateScheduler's schedule should be a finite number. Got: nan at epoch 2.");
    }

    [TestMethod]
    public void ANonPositiveRateIsRejectedByTheOptimizer()
    {
        var model = Create();
        var scheduler = new LearningRateScheduler(epoch => -1.0).Attach(model);
        var error = Assert.ThrowsExactly<ArgumentException>(() => scheduler.OnEpochBegin(0, new Logs()));
        StringAssert.Contains(error.Message, "The learning rate must be a positive number, received -1");
    }

    [TestMethod]
    public void ModelWithoutOptimizerIsAClearError()
    {
        var model = Create();
        model.Optimizer = null;
        var scheduler = new LearningRateScheduler((epoch, lr) => lr).Attach(model);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => scheduler.OnEpochBegin(0, new Logs()));
        StringAssert.Contains(error.Message, "LearningRateScheduler needs the model's optimizer, but model 'sequential' has none");
    }

    [TestMethod]
    public void ANullScheduleIsRejected()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new LearningRateScheduler((Func<int, double, double>)null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new LearningRateScheduler((Func<int, double>)null!));
    }
}
