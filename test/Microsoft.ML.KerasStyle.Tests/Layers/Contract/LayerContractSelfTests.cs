using static Microsoft.ML.KerasStyle.Tests.Layers.Contract.ContractTestLayers;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// The contract itself: a layer that keeps its promises passes (the not-exportable path included), and each broken
/// promise fails exactly the check that guards it, with a message naming the case and the check.
/// </summary>
[TestClass]
public sealed class LayerContractSelfTests : KerasTestBase
{
    const string Reason = "a test-only layer: no ONNX mapping";

    static LayerCase Case(Func<Layer> make, string name = "TestScale") =>
        new(make, [3, 4]) { Name = name, ExpectedOutputShape = [null, 3, 4], TrainableWeights = 1, NotExportable = Reason };

    /// <summary>Runs the contract; asserts that exactly <paramref name="checks"/> failed, and returns the message.</summary>
    static string ExpectFailures(LayerCase c, params string[] checks)
    {
        var error = Assert.Throws<AssertFailedException>(() => LayerContract.Check(c));
        StringAssert.StartsWith(error.Message, $"Layer case '{c.Name}' fails {checks.Length} check(s):");
        var failed = error.Message.Split('\n').Skip(1).Where(l => l.StartsWith("  [", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf(']')]).ToArray();
        CollectionAssert.AreEqual(checks, failed, error.Message);
        return error.Message;
    }

    [TestMethod]
    public void AConformingLayerWithoutOnnxMappingPasses() => LayerContract.Check(Case(() => new Scale(3)));

    [TestMethod]
    public void UndeclaredOnnxGapFailsTheOnnxCheck()
    {
        var message = ExpectFailures(Case(() => new Scale(3)) with { NotExportable = null }, "onnx", "float64");
        StringAssert.Contains(message, "Keras.Onnx.SupportedLayers does not list Scale");
    }

    [TestMethod]
    public void WrongDeclarationsFailTheirChecks()
    {
        ExpectFailures(Case(() => new Scale(3)) with { TrainableWeights = 2 }, "build", "symbolic call", "eager call", "config", "training step");
        ExpectFailures(Case(() => new Scale(3)) with { ExpectedOutputShape = [null, 3, 5] }, "symbolic call", "eager call");
        ExpectFailures(Case(() => new Scale(3)) with { ExpectedOutputShape = [2, 3, 4] }, "declaration", "symbolic call");
        ExpectFailures(Case(() => new Scale(3)) with { ExpectedOutputDtype = "float64" }, "symbolic call", "eager call");
        ExpectFailures(Case(() => new Scale(3)) with { RandomInTraining = true }, "training flag");
        var message = ExpectFailures(Case(() => new Scale(3)) with { SupportsMasking = true }, "masks");
        StringAssert.Contains(message, "mask checks are not enabled yet");
    }

    [TestMethod]
    public void AConfigThatLosesAnArgumentFailsTheRoundTrips() =>
        ExpectFailures(Case(() => new ForgetfulScale(3)), "config");

    [TestMethod]
    public void AWeightWithoutGradientFailsTheTrainingStep()
    {
        var message = ExpectFailures(Case(() => new DeadWeightScale(3)) with { TrainableWeights = 2 }, "training step");
        StringAssert.Contains(message, "the gradient of weight 'dead_weight_scale/unused' is missing");
    }

    [TestMethod]
    public void UndeclaredRandomnessFailsTheTrainingFlag() =>
        ExpectFailures(Case(() => new NoisyScale(3)), "training flag");

    [TestMethod]
    public void IgnoringTheDtypeFailsFloat64()
    {
        var message = ExpectFailures(Case(() => new Float32Scale(3)), "float64");
        StringAssert.Contains(message, "eager output dtype of the float64 layer");
    }

    [TestMethod]
    public void OnnxParityIsCompared()
    {
        // Softmax's exp and division round differently in torch and ONNX Runtime; a bound of zero sees it.
        var strict = LayerCases.Get("Softmax");
        var message = ExpectFailures(new LayerCase(strict.Make, strict.Inputs.ToArray())
        {
            Name = "StrictSoftmax",
            ExpectedOutputShape = strict.ExpectedOutputShape,
            OnnxTolerance = 0,
        }, "onnx", "float64");
        StringAssert.Contains(message, "ONNX Runtime at opset 13, batch 1");
    }
}
