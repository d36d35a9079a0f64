using System.Globalization;
using System.Text.RegularExpressions;
using Samples.Listings;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>The <c>onnx</c> sample trains, exports, reloads in ONNX Runtime and reports matching outputs and timings.</summary>
[TestClass]
public sealed partial class OnnxDeploymentListingTests : KerasTestBase
{
    [TestMethod]
    public void OnnxListing_ExportsAndMatchesPredict()
    {
        if (!Directory.Exists("/usr/share/datasets/fashion-mnist")
            && !Directory.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras", "datasets", "fashion-mnist")))
            Assert.Inconclusive("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        var previous = Environment.CurrentDirectory;
        var directory = Path.Combine(Path.GetTempPath(), "kerasstyle-onnx-listing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Environment.CurrentDirectory = directory;
        try
        {
            var listing = new OnnxDeployment();
            Assert.AreEqual("onnx", listing.Id);
            var output = new StringWriter();
            listing.Run(output, new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 640, Verbose: 0));
            var text = output.ToString();
            Assert.IsTrue(File.Exists(Path.Combine(directory, "fashion_mnist_cnn.onnx")), text);
            StringAssert.Contains(text, "input 'image' [batch, 28, 28, 1] → output 'class_probabilities' [batch, 10]");
            var match = DifferenceLine().Match(text);
            Assert.IsTrue(match.Success, text);
            Assert.IsTrue(double.Parse(match.Groups["diff"].Value, CultureInfo.InvariantCulture) <= 1e-5, text);
            Assert.AreEqual(match.Groups["rows"].Value, match.Groups["same"].Value, text);
            StringAssert.Contains(text, "Batch-1 latency, median of 50 calls: ONNX Runtime ");
            StringAssert.Contains(text, "Batch-1,000 throughput: ONNX Runtime ");
            var mlnet = MLNetLine().Match(text);
            Assert.IsTrue(mlnet.Success, text);
            Assert.IsTrue(double.Parse(mlnet.Groups["diff"].Value, CultureInfo.InvariantCulture) <= 1e-5, text);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"Max \|Predict − ONNX Runtime\| over (?<rows>[\d,]+) test images: (?<diff>[\d.E+-]+); same predicted class for (?<same>[\d,]+) of")]
    private static partial Regex DifferenceLine();

    [GeneratedRegex(@"ML\.NET ApplyOnnxModel on the same 1,000 images: [\d,]+ rows/s \(one row per call\), max \|Predict − ML\.NET\| (?<diff>\S+)")]
    private static partial Regex MLNetLine();
}
