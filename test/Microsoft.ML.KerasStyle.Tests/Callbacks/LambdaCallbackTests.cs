using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class LambdaCallbackTests : KerasTestBase
{
    [TestMethod]
    public void EachDelegateRunsAtItsHook()
    {
        var calls = new List<string>();
        var callback = new LambdaCallback(
            onEpochBegin: (epoch, logs) => calls.Add($"epoch_begin {epoch}"),
            onEpochEnd: (epoch, logs) => calls.Add($"epoch_end {epoch} keys={string.Join(",", logs.Keys)}"),
            onBatchBegin: (batch, logs) => calls.Add($"batch_begin {batch}"),
            onBatchEnd: (batch, logs) => calls.Add($"batch_end {batch}"),
            onTrainBegin: logs => calls.Add("train_begin"),
            onTrainEnd: logs => calls.Add("train_end"));
        var model = Create();
        // Through CallbackList, as Fit calls it.
        var list = new CallbackList([callback], model, new Dictionary<string, object?>());
        list.OnTrainBegin(new Logs());
        list.OnEpochBegin(0, new Logs());
        list.OnTrainBatchBegin(0, new Logs());
        list.OnTrainBatchEnd(0, Logs(("loss", 0.5)));
        list.OnEpochEnd(0, Logs(("loss", 0.5)));
        list.OnTrainEnd(new Logs());
        CollectionAssert.AreEqual(new[] { "train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0", "epoch_end 0 keys=loss", "train_end" }, calls);
        Assert.AreSame(model, callback.Model);
    }

    [TestMethod]
    public void MissingDelegatesDoNothing()
    {
        var callback = new LambdaCallback().Attach(Create());
        callback.OnTrainBegin(new Logs());
        callback.OnEpochBegin(0, new Logs());
        callback.OnTrainBatchBegin(0, new Logs());
        callback.OnTrainBatchEnd(0, new Logs());
        callback.OnEpochEnd(0, new Logs());
        callback.OnTrainEnd(new Logs());
    }

    [TestMethod]
    public void TrainBatchDelegatesReplaceTheBatchOnes()
    {
        // Keras 3 names these on_train_batch_begin/end; given, they replace the method that calls on_batch_begin/end.
        var calls = new List<string>();
        var callback = new LambdaCallback(
            onBatchBegin: (batch, logs) => calls.Add("batch_begin"),
            onBatchEnd: (batch, logs) => calls.Add("batch_end"),
            onTrainBatchBegin: (batch, logs) => calls.Add($"train_batch_begin {batch}"),
            onTrainBatchEnd: (batch, logs) => calls.Add($"train_batch_end {batch}")).Attach(Create());
        callback.OnTrainBatchBegin(4, new Logs());
        callback.OnTrainBatchEnd(4, new Logs());
        CollectionAssert.AreEqual(new[] { "train_batch_begin 4", "train_batch_end 4" }, calls);
    }

    [TestMethod]
    public void EpochEndCanAddToTheLogs()
    {
        var callback = new LambdaCallback(onEpochEnd: (epoch, logs) => logs["epoch_squared"] = epoch * epoch).Attach(Create());
        var logs = Logs(("loss", 1.0));
        callback.OnEpochEnd(3, logs);
        Assert.AreEqual(9.0, logs["epoch_squared"]);
    }
}
