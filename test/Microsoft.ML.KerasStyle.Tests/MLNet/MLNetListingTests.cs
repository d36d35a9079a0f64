using System.Globalization;
using System.Text.RegularExpressions;
using Samples.Listings;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>The <c>mlnet</c> sample, shortened: it prints ML.NET's metrics, the history and a clean round trip.</summary>
[TestClass]
public sealed partial class MLNetListingTests : KerasTestBase
{
    [TestMethod]
    public void MLNetListingPrintsMetricsAndAnExactRoundTrip()
    {
        var previous = Environment.CurrentDirectory;
        var directory = Directory.CreateTempSubdirectory("kerasstyle-mlnet-listing-").FullName;
        Environment.CurrentDirectory = directory;
        try
        {
            var output = new StringWriter();
            new MLNetFashionMnist().Run(output, new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 2000, Verbose: 0));
            var text = output.ToString();
            StringAssert.Contains(text, "epoch 1: accuracy ");
            StringAssert.Contains(text, "val_loss ");
            StringAssert.Contains(text, "ML.NET's evaluator on 2,000 test images: MicroAccuracy ");
            Assert.IsTrue(File.Exists(Path.Combine(directory, "fashion.zip")), text);
            Assert.IsTrue(File.Exists(Path.Combine(directory, "fashion.onnx")), text);
            var match = RoundTripLine().Match(text);
            Assert.IsTrue(match.Success, text);
            Assert.AreEqual("1,000", match.Groups["same"].Value, text);
            Assert.IsLessThanOrEqualTo(1e-5, double.Parse(match.Groups["diff"].Value, CultureInfo.InvariantCulture), text);
            StringAssert.Contains(text, "Scoring throughput: in-process transformer (batched ONNX Runtime) ");
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"Round trip: 1,000 rows scored by the reloaded zip in a new process; same PredictedLabel for (?<same>[\d,]+) of 1,000, max \|Score difference\| (?<diff>\S+)")]
    private static partial Regex RoundTripLine();
}
