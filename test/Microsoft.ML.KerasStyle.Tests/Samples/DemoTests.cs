using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.KerasStyle.Tests.Utils;
using Samples.Demo;

namespace Microsoft.ML.KerasStyle.Tests.Samples;

/// <summary>The main demo, run in-process on a slice of Fashion-MNIST: every file it promises, and numbers that agree with each other.</summary>
[TestClass]
public sealed class DemoTests : KerasTestBase
{
    static bool FashionMnistInstalled => File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
        || File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras", "datasets", "fashion-mnist", "train-images-idx3-ubyte.gz"));

    static string NewTempDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kerasstyle-demo-" + Guid.NewGuid().ToString("N"))).FullName;

    [TestMethod]
    public void QuickRun_WritesEveryOutputAndItsNumbersAgree()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist).");
        var folder = Path.Combine(NewTempDirectory(), "out");
        var options = new DemoOptions(Epochs: 1, OutputDirectory: folder, TrainImages: 2_000, TestImages: 500, Verbose: 0, ValidationImages: 500);
        var output = new StringWriter();

        var result = FashionMnistDemo.Run(options, output);
        var text = output.ToString();

        Assert.AreEqual(folder, result.OutputDirectory);
        StringAssert.Contains(text, $"Everything the demo wrote is in {folder}:");
        StringAssert.Contains(text, "Model: \"fashion_mnist_convnet\"");
        StringAssert.Contains(text, "2,000 training, 500 validation and 500 test images");

        PngAssert.IsPng(Path.Combine(folder, DemoFiles.ModelPlot), 2_000);
        PngAssert.IsPng(Path.Combine(folder, DemoFiles.TrainingCurves), 2_000);
        // 12 images in 2 rows of 6 cells, each cell 28×4 pixels plus margins and two caption lines.
        Assert.AreEqual((6 * (112 + 24), 2 * (112 + 40 + 12) + 12), PngAssert.IsPng(Path.Combine(folder, DemoFiles.Predictions), 2_000));
        var events = Directory.GetFiles(Path.Combine(folder, DemoFiles.TensorBoardLogs), "events.out.tfevents.*", SearchOption.AllDirectories);
        Assert.IsTrue(events.Any(e => Path.GetFileName(Path.GetDirectoryName(e)) == "train"), "a TensorBoard event file under logs/<run>/train");
        Assert.IsTrue(File.Exists(Path.Combine(folder, DemoFiles.Onnx)), "the ONNX model");
        Assert.IsTrue(File.Exists(Path.Combine(folder, DemoFiles.Checkpoint)), "the .keras checkpoint");

        // The printed parity is the measured one, and within tolerance.
        var parity = Regex.Match(text, @"max \|Predict − ONNX Runtime\| = (\S+) over 500 test images");
        Assert.IsTrue(parity.Success, "the parity line");
        var printed = double.Parse(parity.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.IsLessThanOrEqualTo(1e-5, printed);
        Assert.AreEqual(result.OnnxMaxDifference, printed, result.OnnxMaxDifference * 0.01 + 1e-12);

        // ML.NET's accuracy agrees with Keras's own Evaluate of the checkpoint (one epoch: the checkpoint is the final model),
        // and one epoch on 2,000 images already beats chance (0.10) by far.
        var test = FashionMnistSplits.Load(options).Test;
        using var x = torch.tensor(test.SelectMany(r => r.Features).ToArray(), [test.Length, 784]);
        using var y = torch.tensor(test.Select(r => (long)r.Label).ToArray());
        var checkpoint = Keras.Models.LoadModel(Path.Combine(folder, DemoFiles.Checkpoint));
        var kerasAccuracy = checkpoint.Evaluate(x, y, verbose: 0)["accuracy"];
        // ML.NET scores with ONNX Runtime, Evaluate with TorchSharp: a near-tie may flip one image of 500, no more.
        Assert.AreEqual(kerasAccuracy, result.TestAccuracy, 1.01 / 500, "ML.NET's accuracy vs Keras Evaluate of the checkpoint");
        Assert.IsGreaterThan(0.5, result.TestAccuracy);
        StringAssert.Contains(text, $"accuracy {result.TestAccuracy:F4}");
        Assert.IsTrue(double.IsFinite(result.LogLoss) && result.LogLoss > 0, $"log-loss {result.LogLoss}");

        // The confusion matrix counts every test image once.
        var rows = text.Split('\n').Where(l => Keras.Datasets.FashionMnist.ClassNames.Any(n => l.StartsWith("  " + n + " ", StringComparison.Ordinal))).ToList();
        Assert.HasCount(10, rows);
        Assert.AreEqual(500, rows.Sum(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse().Skip(1).Take(10).Sum(int.Parse)));

        Assert.IsTrue(result.ReloadedPredictionsMatch, "the reloaded ML.NET zip predicts as the fitted pipeline");
        Assert.IsTrue(File.Exists(Path.Combine(folder, DemoFiles.MLNetModel)), "the ML.NET zip");
        StringAssert.Contains(text, "reloaded: same class for 500 of 500 test images");
    }

    [TestMethod]
    public void MissingData_SaysHowToGetIt()
    {
        var empty = NewTempDirectory();
        var error = Assert.ThrowsExactly<MissingDatasetException>(() => FashionMnistSplits.Load(new DemoOptions(DataDirectory: empty)));
        StringAssert.Contains(error.Message, empty);
        StringAssert.Contains(error.Message, "sudo apt-get install dataset-fashion-mnist");
        StringAssert.Contains(error.Message, "~/.keras/datasets/fashion-mnist/");
    }

    [TestMethod]
    public void Flags_AreParsed()
    {
        var options = DemoOptions.Parse(["--epochs", "3", "--output", "out dir", "--data", "/data", "--train-images", "100", "--verbose", "2"], out var error);
        Assert.IsNull(error);
        Assert.AreEqual(new DemoOptions(Epochs: 3, OutputDirectory: "out dir", DataDirectory: "/data", TrainImages: 100, Verbose: 2), options);
        Assert.AreEqual(new DemoOptions(), DemoOptions.Parse([], out _));
    }

    [TestMethod]
    [DataRow(new[] { "--epochs", "0" }, "--epochs takes a positive whole number; received '0'.")]
    [DataRow(new[] { "--epochs", "two" }, "--epochs takes a positive whole number; received 'two'.")]
    [DataRow(new[] { "--epochs" }, "'--epochs' is not a demo option, or lacks its value.")]
    [DataRow(new[] { "--colour", "red" }, "Unknown option '--colour'.")]
    [DataRow(new[] { "--verbose", "3" }, "--verbose takes 0, 1 or 2; received '3'.")]
    public void BadFlags_AreRefusedWithTheReason(string[] args, string expected)
    {
        Assert.IsNull(DemoOptions.Parse(args, out var error));
        Assert.AreEqual(expected, error);
    }
}
