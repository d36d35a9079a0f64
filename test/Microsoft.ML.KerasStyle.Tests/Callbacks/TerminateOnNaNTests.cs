using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class TerminateOnNaNTests : KerasTestBase
{
    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(double.NegativeInfinity)]
    public void AnInvalidBatchLossStopsTraining(double loss)
    {
        var model = Create();
        var output = new StringWriter();
        var callback = new TerminateOnNaN { Output = output }.Attach(model);
        callback.OnTrainBatchEnd(0, Logs(("loss", 0.5)));
        Assert.IsFalse(model.StopTraining);
        // Fit calls OnTrainBatchEnd, which reaches OnBatchEnd as Keras's on_train_batch_end reaches on_batch_end.
        callback.OnTrainBatchEnd(3, Logs(("loss", loss), ("accuracy", 0.5)));
        Assert.IsTrue(model.StopTraining);
        Assert.AreEqual("Batch 3: Invalid loss, terminating training" + Environment.NewLine, output.ToString());
    }

    [TestMethod]
    public void FiniteOrAbsentLossesAreLeftAlone()
    {
        var model = Create();
        var output = new StringWriter();
        var callback = new TerminateOnNaN { Output = output }.Attach(model);
        callback.OnTrainBatchEnd(0, Logs(("loss", 1e308)));
        callback.OnTrainBatchEnd(1, Logs(("accuracy", double.NaN)));
        callback.OnTrainBatchEnd(2, new Logs());
        Assert.IsFalse(model.StopTraining);
        Assert.AreEqual("", output.ToString());
    }

    [TestMethod]
    public void RaiseErrorThrowsWithKerasMessage()
    {
        var model = Create();
        var callback = new TerminateOnNaN(raiseError: true).Attach(model);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => callback.OnTrainBatchEnd(2, Logs(("loss", double.PositiveInfinity))));
        Assert.AreEqual("NaN or Inf loss encountered at batch 2. Loss value: inf. Terminating training immediately.", error.Message);
        Assert.IsFalse(model.StopTraining);
    }
}
