using Microsoft.ML.KerasStyle.Tests.Distribution;
using Samples.Commands;

namespace Microsoft.ML.KerasStyle.Tests.Samples;

/// <summary>
/// The <c>distributed</c> sample on a slice of Fashion-MNIST: under <c>mpirun -np 2</c> rank 0 alone prints the epochs and
/// the test accuracy, which is one process's accuracy.
/// </summary>
[TestClass]
public sealed class DistributedSampleTests : KerasTestBase
{
    // 1,800 training images (after the 10 % validation split): an even count, so no process leaves a sample out.
    static readonly string[] Arguments = ["--limit", "2000", "--epochs", "2"];

    [TestCleanup]
    public void NoDistribution() => Keras.Distribution.SetDistribution(null);

    [TestMethod]
    public void TwoProcessesReachOneProcesssAccuracyAndPrintItOnce()
    {
        if (!File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))
            Assert.Inconclusive("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        var job = MpiJob.RunProgram("Samples.dll", 2, TimeSpan.FromSeconds(180), [DistributedCommand.Name, .. Arguments]);
        Assert.AreEqual(0, job.ExitCode, job.ToString());
        var lines = job.Output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.AreEqual(1, lines.Count(l => l == "Epoch 2/2"), job.ToString());
        StringAssert.Contains(job.Output, "2 process(es); each trains on 32 of every batch of 64");
        var twoProcesses = lines.Single(l => l.StartsWith("Test accuracy: ", StringComparison.Ordinal));

        var output = new StringWriter();
        Assert.AreEqual(0, DistributedCommand.Run(Arguments, output, new StringWriter()));
        var oneProcess = output.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Test accuracy: ", StringComparison.Ordinal));
        Assert.AreEqual(oneProcess[..("Test accuracy: 0.0000 (loss 0.0000".Length)], twoProcesses[..("Test accuracy: 0.0000 (loss 0.0000".Length)],
            "the same test accuracy and loss to 4 decimals");
    }

    [TestMethod]
    public void BadArgumentsAreClearErrors()
    {
        var error = new StringWriter();
        Assert.AreEqual(2, DistributedCommand.Run(["--model", "resnet"], new StringWriter(), error));
        StringAssert.Contains(error.ToString(), "--model must be mlp or convnet, received 'resnet'.");
        var help = new StringWriter();
        Assert.AreEqual(0, DistributedCommand.Run(["--help"], help, new StringWriter()));
        StringAssert.Contains(help.ToString(), "mpirun -np 2 dotnet Samples.dll distributed");
    }
}
