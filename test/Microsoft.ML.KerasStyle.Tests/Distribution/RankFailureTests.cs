namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>A failure on one rank ends the whole job, with a message on every rank, instead of leaving the others waiting.</summary>
[TestClass]
public sealed class RankFailureTests
{
    [TestMethod]
    public void AnExceptionOnOneRankEndsTheJobWithAMessageOnEveryRank()
    {
        var job = MpiJob.Run(2, TimeSpan.FromSeconds(90), "fail");
        Assert.AreNotEqual(0, job.ExitCode, job.ToString());
        StringAssert.Contains(job.Error, "KerasStyle DataParallel: rank 1 of 2 failed: Fit threw System.InvalidOperationException: simulated failure on rank 1");
        StringAssert.Contains(job.Error, "ending every rank of the job (MPI_Abort)");
        StringAssert.Contains(job.Error, "KerasStyle DataParallel: rank 0 of 2 stopped: the MPI launcher ended the job");
        Assert.IsFalse(job.Output.Contains("finished training", StringComparison.Ordinal), job.ToString());
    }

    [TestMethod]
    public void RanksThatReadDifferentDataFailWithAClearError()
    {
        var job = MpiJob.Run(2, TimeSpan.FromSeconds(90), "different-data");
        Assert.AreNotEqual(0, job.ExitCode, job.ToString());
        StringAssert.Contains(job.Error, "DataParallel: the processes read different data");
        StringAssert.Contains(job.Error, "give Dataset.Shuffle a seed or call Keras.Utils.SetRandomSeed(seed) with the same seed on every process");
        Assert.IsFalse(job.Output.Contains("finished training", StringComparison.Ordinal), job.ToString());
    }
}
