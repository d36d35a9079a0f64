using System.Globalization;
using System.Text.RegularExpressions;
using Samples.Listings;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>The <c>mlnet-ticket</c> sample: the ticket model trains and scores from a data view through ml.Transforms.Keras.</summary>
[TestClass]
public sealed partial class TicketTransformTests : KerasTestBase
{
    [TestMethod]
    public void TicketModelTrainsAndScoresThroughTheGeneralTransform()
    {
        var output = new StringWriter();
        new MLNetTicketModel().Run(output, new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 96, Verbose: 0));
        var text = output.ToString();
        StringAssert.Contains(text, "priority_loss");
        StringAssert.Contains(text, "department_loss");
        StringAssert.Contains(text, "PredictedPriority (Vector<Single, 1, 1>)");
        StringAssert.Contains(text, "DepartmentScores (Vector<Single, 1, 4>)");
        var match = DifferenceLine().Match(text);
        Assert.IsTrue(match.Success, text);
        Assert.AreEqual("96", match.Groups["rows"].Value, text);
        Assert.IsLessThanOrEqualTo(1e-5, double.Parse(match.Groups["diff"].Value, CultureInfo.InvariantCulture), text);
    }

    [GeneratedRegex(@"Scored (?<rows>[\d,]+) tickets through ONNX Runtime; max \|difference\| from model.Predict: (?<diff>\S+)")]
    private static partial Regex DifferenceLine();
}
