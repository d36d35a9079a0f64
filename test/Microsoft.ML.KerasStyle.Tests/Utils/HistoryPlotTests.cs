using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Utils.PngAssert;

namespace Microsoft.ML.KerasStyle.Tests.Utils;

[TestClass]
public sealed class HistoryPlotTests : KerasTestBase
{
    // ScottPlot's default palette (Category10): the first curve of a chart is blue, the second orange.
    const byte BlueR = 0x1F, BlueG = 0x77, BlueB = 0xB4;
    const byte OrangeR = 0xFF, OrangeG = 0x7F, OrangeB = 0x0E;

    /// <summary>Five epochs of a run with validation, as Fit's History records them (logs in Keras's order).</summary>
    static History FiveEpochs()
    {
        var history = new History();
        double[] loss = [0.41, 0.19, 0.14, 0.11, 0.09], accuracy = [0.88, 0.94, 0.96, 0.97, 0.975];
        double[] valLoss = [0.19, 0.15, 0.13, 0.14, 0.16], valAccuracy = [0.945, 0.955, 0.962, 0.96, 0.958];
        for (var epoch = 0; epoch < 5; epoch++)
            history.OnEpochEnd(epoch, new Logs
            {
                ["accuracy"] = accuracy[epoch], ["loss"] = loss[epoch], ["val_accuracy"] = valAccuracy[epoch], ["val_loss"] = valLoss[epoch],
            });
        return history;
    }

    [TestMethod]
    public void OneChartPerMetricWithTrainingAndValidationCurves()
    {
        var path = FiveEpochs().Plot(Path.Combine(TempDir(), "nested", "history.png"));

        var (width, height) = IsPng(path, minimumBytes: 10_000);
        Assert.AreEqual(2 * 640, width, "loss and accuracy side by side, 640 pixels each");
        Assert.AreEqual(480, height);
        // Each half holds both curves: blue (training) and orange (validation).
        foreach (var (from, to) in new[] { (0, 640), (640, 1280) })
        {
            Assert.IsGreaterThan(100, CountColour(path, BlueR, BlueG, BlueB, from, to), $"training curve in columns {from}–{to}");
            Assert.IsGreaterThan(100, CountColour(path, OrangeR, OrangeG, OrangeB, from, to), $"validation curve in columns {from}–{to}");
        }
    }

    [TestMethod]
    public void ChosenMetricsOnlyAndAHistoryWithoutValidation()
    {
        var dir = TempDir();
        var lossOnly = FiveEpochs().Plot(Path.Combine(dir, "loss.png"), metrics: ["loss"], width: 500, height: 300);
        Assert.AreEqual((500, 300), IsPng(lossOnly, minimumBytes: 5_000));

        var training = new History();
        training.OnEpochEnd(0, new Logs { ["loss"] = 1.0 });
        training.OnEpochEnd(1, new Logs { ["loss"] = 0.5 });
        var path = training.Plot(Path.Combine(dir, "training.png"));
        Assert.AreEqual((640, 480), IsPng(path, minimumBytes: 5_000));
        Assert.IsGreaterThan(50, CountColour(path, BlueR, BlueG, BlueB, 0, 640));
        Assert.AreEqual(0, CountColour(path, OrangeR, OrangeG, OrangeB, 0, 640, tolerance: 20), "no validation curve");
    }

    [TestMethod]
    public void BadRequestsAreClear()
    {
        var dir = TempDir();
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => FiveEpochs().Plot(Path.Combine(dir, "h.png"), metrics: ["rmse"]));
        StringAssert.Contains(unknown.Message, "'rmse'");
        StringAssert.Contains(unknown.Message, "recorded: loss, accuracy");

        var empty = Assert.ThrowsExactly<InvalidOperationException>(() => new History().Plot(Path.Combine(dir, "h.png")));
        StringAssert.Contains(empty.Message, "no values");

        var extension = Assert.ThrowsExactly<ArgumentException>(() => FiveEpochs().Plot(Path.Combine(dir, "h.svg")));
        StringAssert.Contains(extension.Message, ".png");
    }
}
