namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>
/// Callbacks in a two-process Fit (KerasStyle.DistributedChecks' <c>callbacks</c>, one mpirun job shared by these
/// tests): the same global logs on both ranks, rank 0 alone printing progress and writing files, the same stopping
/// decisions everywhere, and BackupAndRestore resuming both replicas from rank 0's backup.
/// </summary>
[TestClass]
public sealed class DataParallelCallbackTests
{
    static readonly Lazy<(MpiJob.Result Job, string Directory)> job = new(() =>
    {
        var directory = Directory.CreateTempSubdirectory("kerasstyle-callbacks-").FullName;
        var result = MpiJob.Run(2, TimeSpan.FromSeconds(180), "callbacks", directory);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return (result, directory);
    });

    static List<string> Lines(string tag, int rank) =>
        job.Value.Job.Tagged(tag).Where(l => l.StartsWith($"rank={rank} ", StringComparison.Ordinal)).Select(l => l[$"rank={rank} ".Length..]).ToList();

    [TestMethod]
    public void EveryRankSeesTheSameGlobalLogs()
    {
        var zero = Lines("LOGS", 0);
        Assert.AreEqual(2, zero.Count, job.Value.Job.ToString());
        CollectionAssert.AreEqual(zero, Lines("LOGS", 1), "the callbacks of both ranks receive the same epoch logs");
        StringAssert.Contains(zero[0], "val_loss=");
    }

    [TestMethod]
    public void OnlyRankZeroPrintsProgressAndWritesFiles()
    {
        var output = job.Value.Job.Output;
        Assert.AreEqual(1, output.Split('\n').Count(l => l.Trim() == "Epoch 1/2"), "one progress display for the job\n" + output);
        Assert.AreEqual(1, output.Split('\n').Count(l => l.Contains("early stopping", StringComparison.Ordinal)), "EarlyStopping's message printed once\n" + output);
        var directory = job.Value.Directory;
        Assert.IsTrue(File.Exists(Path.Combine(directory, "rank0.weights.h5")) && File.Exists(Path.Combine(directory, "rank0.csv")) && Directory.Exists(Path.Combine(directory, "tb-rank0")),
            "rank 0 writes its checkpoint, CSV log and TensorBoard events");
        Assert.IsFalse(File.Exists(Path.Combine(directory, "rank1.weights.h5")) || File.Exists(Path.Combine(directory, "rank1.csv")) || Directory.Exists(Path.Combine(directory, "tb-rank1")),
            "rank 1 writes none");
        Assert.AreEqual(3, File.ReadAllLines(Path.Combine(directory, "rank0.csv")).Length, "a header and two epochs");
    }

    [TestMethod]
    public void StoppingIsDecidedAlikeOnEveryRank()
    {
        CollectionAssert.AreEqual(new[] { "epochs=2" }, Lines("EARLYSTOP", 0));
        CollectionAssert.AreEqual(new[] { "epochs=2" }, Lines("EARLYSTOP", 1));
        // A callback that stops training on rank 1 alone (at its second batch) stops both in the first epoch.
        CollectionAssert.AreEqual(new[] { "epochs=1" }, Lines("ONESIDED", 0));
        CollectionAssert.AreEqual(new[] { "epochs=1" }, Lines("ONESIDED", 1));
    }

    [TestMethod]
    public void BackupAndRestoreResumesEveryReplicaFromRankZero()
    {
        CollectionAssert.AreEqual(new[] { "epochs=2,3" }, Lines("BACKUP", 0));
        CollectionAssert.AreEqual(new[] { "epochs=2,3" }, Lines("BACKUP", 1));
        // Rank 1's weights were spoiled before the resumed Fit; rank 0's restored state reached it.
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(job.Value.Directory, "backup.rank0.weights")),
                                  File.ReadAllBytes(Path.Combine(job.Value.Directory, "backup.rank1.weights")));
        Assert.IsFalse(Directory.Exists(Path.Combine(job.Value.Directory, "backup")), "the completed Fit deletes the backup");
    }
}
