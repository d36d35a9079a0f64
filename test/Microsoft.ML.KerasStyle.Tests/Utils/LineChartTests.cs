using static Microsoft.ML.KerasStyle.Tests.Utils.PngAssert;

namespace Microsoft.ML.KerasStyle.Tests.Utils;

[TestClass]
public sealed class LineChartTests : KerasTestBase
{
    [TestMethod]
    public void PerBatchLossesBecomeALineChart()
    {
        // What the seed's LossHistory callback collects: a float per batch, decaying with noise.
        var random = new Random(7);
        var losses = Enumerable.Range(0, 1875).Select(i => (float)(2.0 * Math.Exp(-i / 300.0) + 0.2 * random.NextDouble())).ToList();

        var path = LineChart.Save(losses, Path.Combine(TempDir(), "batch_loss_final_epoch.png"),
            "Training loss for each batch", "Batch (final epoch)", "Loss", label: "Training Loss for Each Batch");

        Assert.AreEqual((800, 500), IsPng(path, minimumBytes: 10_000));
        Assert.IsGreaterThan(500, CountColour(path, 0x1F, 0x77, 0xB4, 0, 800), "the blue line is drawn");
    }

    [TestMethod]
    public void DoublesWithADivergedValueStillDraw()
    {
        double[] values = [1.0, 0.8, double.NaN, 0.5, double.PositiveInfinity, 0.3];
        var path = LineChart.Save(values, Path.Combine(TempDir(), "gaps.png"), width: 400, height: 300);
        Assert.AreEqual((400, 300), IsPng(path, minimumBytes: 3_000));
    }

    [TestMethod]
    public void EmptyValuesAndOtherFormatsAreRefused()
    {
        var dir = TempDir();
        var empty = Assert.ThrowsExactly<ArgumentException>(() => LineChart.Save(Array.Empty<double>(), Path.Combine(dir, "e.png")));
        StringAssert.Contains(empty.Message, "'values' is empty");
        var jpeg = Assert.ThrowsExactly<ArgumentException>(() => LineChart.Save([1.0, 2.0], Path.Combine(dir, "e.jpg")));
        StringAssert.Contains(jpeg.Message, "must end in .png");
    }
}
