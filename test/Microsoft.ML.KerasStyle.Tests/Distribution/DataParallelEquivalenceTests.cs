using System.Text.Json;

namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>
/// Two processes with batches of 16 (global batch 32) against one process with batches of 32 on the same samples in the
/// same order (KerasStyle.DistributedChecks' <c>equivalence</c>, one mpirun job shared by these tests): the averaged
/// gradients give the same weights up to float rounding, the global logs, Evaluate and Predict match one process's, and
/// the two replicas end bit-identical. 100 samples make a last batch of 4 (2 per process).
/// </summary>
[TestClass]
public sealed class DataParallelEquivalenceTests
{
    const double Tolerance = 1e-5;
    static readonly Lazy<(MpiJob.Result Job, Dictionary<string, JsonElement> Cases, string Directory)> job = new(RunJob);

    static (MpiJob.Result, Dictionary<string, JsonElement>, string) RunJob()
    {
        var directory = Directory.CreateTempSubdirectory("kerasstyle-equivalence-").FullName;
        var result = MpiJob.Run(2, TimeSpan.FromSeconds(180), "equivalence", directory);
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        var cases = result.Tagged("RESULT").Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("case").GetString()!);
        return (result, cases, directory);
    }

    static JsonElement Case(string name) =>
        job.Value.Cases.TryGetValue(name, out var c) ? c : throw new AssertFailedException($"No RESULT for '{name}'.\n{job.Value.Job}");

    [TestMethod]
    [DataRow("mlp-sgd")]
    [DataRow("mlp-adam")]
    [DataRow("convnet-sgd")]
    [DataRow("convnet-adam")]
    [DataRow("mlp-sgd-sample-weights")]
    [DataRow("mlp-adam-dataset")]
    public void TwoProcessesOfSixteenTrainAsOneOfThirtyTwo(string name)
    {
        var c = Case(name);
        var weights = c.GetProperty("weights").GetDouble();
        Assert.IsTrue(weights <= Tolerance, $"{name}: final weights differ by {weights} (weights up to {c.GetProperty("weightsScale").GetDouble()}).");
        Assert.IsTrue(c.GetProperty("weightsScale").GetDouble() > 0.1, "the weights are not trivially zero");
        foreach (var part in new[] { "history", "evaluate", "predict" })
            Assert.IsTrue(c.GetProperty(part).GetDouble() <= Tolerance, $"{name}: {part} differs by {c.GetProperty(part).GetDouble()} from one process's.");
        Assert.AreEqual(100 * 5, c.GetProperty("predictRows").GetInt32(), "Predict returns every sample's 5 probabilities on every rank");
        ReplicasAreIdentical(name);
    }

    [TestMethod]
    public void TheMLNetTrainerReadingItsRowsPerProcessTrainsAsOneProcess()
    {
        var c = Case("mlnet-adam");
        Assert.IsTrue(c.GetProperty("weights").GetDouble() <= Tolerance, $"ML.NET trainer: final weights differ by {c.GetProperty("weights").GetDouble()}.");
        ReplicasAreIdentical("mlnet-adam");
    }

    static void ReplicasAreIdentical(string name)
    {
        var zero = File.ReadAllBytes(Path.Combine(job.Value.Directory, $"{name}.rank0.weights"));
        var one = File.ReadAllBytes(Path.Combine(job.Value.Directory, $"{name}.rank1.weights"));
        Assert.IsTrue(zero.Length > 0);
        CollectionAssert.AreEqual(zero, one, $"{name}: rank 1's replica differs from rank 0's");
    }
}
