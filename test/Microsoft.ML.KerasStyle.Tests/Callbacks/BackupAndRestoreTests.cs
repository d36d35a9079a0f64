using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class BackupAndRestoreTests : KerasTestBase
{
    internal static readonly Tensor X = linspace(-1, 1, 48).reshape(16, 3);
    internal static readonly Tensor Y = X.sum(1, keepdim: true) * 0.5;

    internal static Sequential NewModel()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4, activation: "tanh"), new Dense(1)]);
        model.Compile(optimizer: new Adam(learningRate: 0.05), loss: "mse");
        return model;
    }

    /// <summary>Stops Fit by throwing at the start of one epoch, as a crash would.</summary>
    sealed class Interrupt(int atEpoch) : Callback
    {
        public override void OnEpochBegin(int epoch, Logs logs)
        {
            if (epoch == atEpoch) throw new OperationCanceledException($"interrupted at epoch {epoch}");
        }
    }

    [TestMethod]
    public void InterruptedTrainingResumesAtTheNextEpochAndEndsAsIfUninterrupted()
    {
        var uninterrupted = NewModel();
        var initial = uninterrupted.GetWeights();
        uninterrupted.Fit(X, Y, epochs: 5, batchSize: 4, shuffle: false, verbose: 0);

        var backupDir = Path.Combine(TempDir(), "backup");
        var first = NewModel();
        first.SetWeights(initial);
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            first.Fit(X, Y, epochs: 5, batchSize: 4, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(backupDir), new Interrupt(3)]));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(backupDir, "training_metadata.json")))!;
        Assert.AreEqual(3, metadata["epoch"]!.GetValue<int>(), "epochs 0, 1 and 2 finished before the interruption");

        // A new process: a fresh model (other initial weights) and optimizer, the same backup directory.
        var resumed = NewModel();
        var history = resumed.Fit(X, Y, epochs: 5, batchSize: 4, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);

        CollectionAssert.AreEqual(new[] { 3, 4 }, history.Epoch, "only the remaining epochs run");
        Assert.AreEqual(20L, resumed.Optimizer!.IterationCount, "the optimizer's state was restored (5 epochs × 4 steps)");
        var expected = WeightValues(uninterrupted);
        var actual = WeightValues(resumed);
        for (var i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], 1e-6, uninterrupted.Weights[i].Path);
        Assert.IsFalse(Directory.Exists(backupDir), "the backup is deleted once Fit completes");
    }

    [TestMethod]
    public void BackupIsKeptWhenDeleteCheckpointIsFalse()
    {
        var backupDir = Path.Combine(TempDir(), "keep");
        NewModel().Fit(X, Y, epochs: 2, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore(backupDir, deleteCheckpoint: false)]);
        CollectionAssert.AreEquivalent(new[] { "latest.weights.h5", "training_metadata.json" },
                                       Directory.GetFiles(backupDir).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(2, JsonNode.Parse(File.ReadAllText(Path.Combine(backupDir, "training_metadata.json")))!["epoch"]!.GetValue<int>());

        // A completed run's backup makes a later Fit with the same epochs run nothing.
        var history = NewModel().Fit(X, Y, epochs: 2, batchSize: 8, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);
        Assert.AreEqual(0, history.Epoch.Count);
    }

    [TestMethod]
    public void BatchFrequencyBacksUpWithinEpochs()
    {
        var backupDir = Path.Combine(TempDir(), "batches");
        var callback = new BackupAndRestore(backupDir, saveFreq: 2, deleteCheckpoint: false);
        NewModel().Fit(X, Y, epochs: 1, batchSize: 4, verbose: 0, callbacks: [callback]);
        Assert.IsTrue(File.Exists(Path.Combine(backupDir, "latest.weights.h5")));
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(backupDir, "training_metadata.json")))!;
        Assert.AreEqual(0, metadata["epoch"]!.GetValue<int>(), "the epoch in progress is redone on restore");
        Assert.AreEqual(3, metadata["batch"]!.GetValue<int>());
    }

    [TestMethod]
    public void UnbuiltModelIsAnErrorAndEmptyDirectoryIsRejected()
    {
        var model = new Sequential([new Dense(1)]);
        model.Compile(optimizer: new SGD(), loss: "mse");
        var callback = new BackupAndRestore(Path.Combine(TempDir(), "b"));
        callback.SetModel(model);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => callback.OnTrainBegin(new Logs()));
        StringAssert.Contains(error.Message, "must be built");
        Assert.ThrowsExactly<ArgumentException>(() => new BackupAndRestore(""));
    }
}
