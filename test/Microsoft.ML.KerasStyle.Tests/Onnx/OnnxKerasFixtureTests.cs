using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;
using static Microsoft.ML.KerasStyle.Tests.Saving.KerasFixtures;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// Models that Python Keras trained and saved (shared/fixtures/keras3) go out as ONNX: ONNX Runtime computes what the
/// loaded model computes, and what NumPy computed from the same weights, within 1e-5.
/// </summary>
[TestClass]
public sealed class OnnxKerasFixtureTests : KerasTestBase
{
    static void Check(string fixture, Func<Tensor> inputs)
    {
        var model = Keras.Models.LoadModel(Fixture(fixture), compile: false);
        var x = inputs();
        foreach (var opset in new[] { 13, Keras.Onnx.DefaultOpset })
        {
            var bytes = Export(model, opset);
            using var session = Session(bytes);
            AssertParity(model, session, [x], what: $"{fixture} opset {opset}");
            var onnx = Values(Run(session, x)[0]);
            var diff = MaxAbsDiff(Flat(Reference(fixture)["outputs"]!), onnx);
            Assert.IsTrue(diff <= 1e-5, $"{fixture} opset {opset}: max |reference - ONNX Runtime| = {diff:E2}");
            Console.WriteLine($"{fixture} opset {opset}: max |Predict - ONNX Runtime| = {MaxAbsDiff(Predict(model, x), onnx):E2}, max |reference - ONNX Runtime| = {diff:E2}");
        }
    }

    [TestMethod]
    public void FashionCnn() => Check(Fashion, () => FashionImages(64));

    [TestMethod]
    public void DigitsCnn() => Check(Digits, () => FashionImages(64));

    [TestMethod]
    public void LegacyH5Mlp() => Check(LegacyMlp, () => FashionImages(64).reshape(64, 784));

    [TestMethod]
    public void TabularMlpWithLeakyReLU() => Check(Tabular, () => tensor(Flat(Reference(Tabular)["inputs"]!)).reshape(-1, 2));
}
