using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Tests.Saving;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.BackupAndRestoreTests;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

/// <summary>
/// A process that dies at any step of a backup (or of its deletion) resumes exactly: the weights and the epoch in the
/// backup always belong together. Five epochs of four steps; the crash comes in the third backup (after epoch index 2).
/// </summary>
[TestClass]
public sealed class BackupAndRestoreCrashTests : KerasTestBase
{
    const int Epochs = 5;

    [TestCleanup]
    public void RemoveHooks()
    {
        BackupStore.StepHook = null;
        Microsoft.ML.KerasStyle.Saving.AtomicFile.WritingHook = null;
    }

    sealed class Crash(string message) : Exception(message);

    /// <summary>The weights after five uninterrupted epochs, from the initial weights <see cref="KillableSaves"/>' child also starts from.</summary>
    static (float[][] Final, IReadOnlyList<Tensor> Initial) Uninterrupted()
    {
        var model = NewModel();
        var initial = model.GetWeights();
        model.Fit(X, Y, epochs: Epochs, batchSize: 4, shuffle: false, verbose: 0);
        return (WeightValues(model), initial);
    }

    /// <summary>A new process's Fit with the same backup directory: only the missing epochs run, and it ends where the uninterrupted run ends.</summary>
    static void AssertResumesExactly(string backupDir, float[][] expected, int[] expectedEpochs)
    {
        var resumed = NewModel();
        var history = resumed.Fit(X, Y, epochs: Epochs, batchSize: 4, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);
        CollectionAssert.AreEqual(expectedEpochs, history.Epoch.ToArray());
        Assert.AreEqual(4L * Epochs, resumed.Optimizer!.IterationCount, "exactly the requested number of updates");
        var actual = WeightValues(resumed);
        for (var i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], 1e-6, resumed.Weights[i].Path);
        Assert.IsFalse(Directory.Exists(backupDir), "the completed run removes the backup and its directory");
    }

    static int Epoch(string backupDir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(backupDir, "training_metadata.json")))!["epoch"]!.GetValue<int>();

    [TestMethod]
    [DataRow("staged", new[] { 2, 3, 4 })]
    [DataRow("committed", new[] { 3, 4 })]
    [DataRow("moved latest.weights.h5", new[] { 3, 4 })]
    [DataRow("moved training_metadata.json", new[] { 3, 4 })]
    [DataRow("done", new[] { 3, 4 })]
    public void ACrashAtAnyStepOfABackupResumesExactly(string step, int[] remainingEpochs)
    {
        var (expected, initial) = Uninterrupted();
        var backupDir = Path.Combine(TempDir(), "backup");
        var model = NewModel();
        model.SetWeights(initial);
        var seen = 0;
        BackupStore.StepHook = reached =>
        {
            if (reached == step && ++seen == 3) throw new Crash($"crash at '{step}'");
        };

        Assert.ThrowsExactly<Crash>(() => model.Fit(X, Y, epochs: Epochs, batchSize: 4, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]));
        BackupStore.StepHook = null;

        AssertResumesExactly(backupDir, expected, remainingEpochs);
    }

    [TestMethod]
    public void AProcessKilledRightAfterTheFirstRenameResumesExactly()
    {
        var (expected, _) = Uninterrupted();
        var backupDir = Path.Combine(TempDir(), "backup");
        using (var child = KillableSaves.StartPaused(KillableSaves.BackupCommand, backupDir, $"{Epochs}", "moved latest.weights.h5", "3")) child.Kill();
        // The window of the issue: the new weights (three epochs) are in place, the metadata still says two epochs.
        Assert.AreEqual(2, Epoch(backupDir));
        Assert.IsTrue(File.Exists(Path.Combine(backupDir, ".backup.commit", "training_metadata.json")), "the rest of the committed backup waits");

        AssertResumesExactly(backupDir, expected, [3, 4]);
    }

    [TestMethod]
    public void AProcessKilledWhileWritingTheWeightsLeavesNothingAfterTheResumedRun()
    {
        var (expected, _) = Uninterrupted();
        var backupDir = Path.Combine(TempDir(), "backup");
        using (var child = KillableSaves.StartPaused(KillableSaves.BackupCommand, backupDir, $"{Epochs}", "writing", "3")) child.Kill();
        Assert.AreEqual(2, Epoch(backupDir), "the backup of epoch index 2 never reached its commit");

        AssertResumesExactly(backupDir, expected, [2, 3, 4]);
    }

    [TestMethod]
    public void LeftoversOfKilledSavesDoNotKeepTheDirectoryAfterACompletedRun()
    {
        var backupDir = Path.Combine(TempDir(), "backup");
        Directory.CreateDirectory(backupDir);
        // What a save killed mid-write leaves (the weights were written straight into the directory before this fix).
        File.WriteAllBytes(Path.Combine(backupDir, ".latest.weights.h5.0123456789abcdef0123456789abcdef.tmp"), new byte[4096]);
        File.WriteAllBytes(Path.Combine(backupDir, ".training_metadata.json.fedcba9876543210fedcba9876543210.tmp"), [1]);

        NewModel().Fit(X, Y, epochs: 2, batchSize: 4, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);

        Assert.IsFalse(Directory.Exists(backupDir));
    }

    [TestMethod]
    public void ACrashWhileDeletingTheBackupNeverLeavesAnEpochWithoutItsWeights()
    {
        var backupDir = Path.Combine(TempDir(), "backup");
        BackupStore.StepHook = reached =>
        {
            if (reached == "deleted latest.weights.h5") throw new Crash("crash while deleting");
        };
        Assert.ThrowsExactly<Crash>(() => NewModel().Fit(X, Y, epochs: 2, batchSize: 4, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]));
        BackupStore.StepHook = null;
        Assert.IsTrue(File.Exists(Path.Combine(backupDir, "training_metadata.json")), "the crash came between the two deletions");

        // The completed run's deletion is finished first: the next run starts afresh rather than skipping its epochs untrained.
        var history = NewModel().Fit(X, Y, epochs: 2, batchSize: 4, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);
        CollectionAssert.AreEqual(new[] { 0, 1 }, history.Epoch.ToArray());
    }

    [TestMethod]
    public void DoubleCheckpointFallsBackToThePreviousBackupWhenTheLatestIsDamaged()
    {
        var (expected, initial) = Uninterrupted();
        var backupDir = Path.Combine(TempDir(), "backup");
        var model = NewModel();
        model.SetWeights(initial);
        var seen = 0;
        BackupStore.StepHook = reached =>
        {
            if (reached == "done" && ++seen == 3) throw new Crash("stop after the third backup");
        };
        Assert.ThrowsExactly<Crash>(() => model.Fit(X, Y, epochs: Epochs, batchSize: 4, shuffle: false, verbose: 0,
                                                    callbacks: [new BackupAndRestore(backupDir, doubleCheckpoint: true)]));
        BackupStore.StepHook = null;
        Assert.AreEqual(2, JsonNode.Parse(File.ReadAllText(Path.Combine(backupDir, "training_metadata.json.bkp")))!["epoch"]!.GetValue<int>());
        File.WriteAllBytes(Path.Combine(backupDir, "latest.weights.h5"), new byte[100]);

        var resumed = NewModel();
        var history = resumed.Fit(X, Y, epochs: Epochs, batchSize: 4, shuffle: false, verbose: 0,
                                  callbacks: [new BackupAndRestore(backupDir, doubleCheckpoint: true)]);

        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, history.Epoch.ToArray(), "the previous backup (two epochs) was restored");
        var actual = WeightValues(resumed);
        for (var i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i], 1e-6, resumed.Weights[i].Path);
        Assert.IsFalse(Directory.Exists(backupDir));
    }
}
