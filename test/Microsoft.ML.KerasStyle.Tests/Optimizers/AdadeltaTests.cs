using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class AdadeltaTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.95, 1e-7, 1.0)]
    [DataRow(0.5, 1e-3, 0.1)]
    public void ThreeStepsMatchKerasFormula(double rho, double epsilon, double learningRate)
    {
        var actual = Run(new Adadelta(learningRate: learningRate, rho: rho, epsilon: epsilon));
        var expected = RunReference(KerasReferenceOptimizers.Adadelta(rho, epsilon), _ => Float32(learningRate));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void FirstStepIsTheRatioOfRootMeanSquares()
    {
        // Step 1 with ρ = 0.5, ε = 0.01, lr = 1: a = 0.5·g², Δ = −√0.01·g / √(0.5·g² + 0.01).
        var actual = Run(new Adadelta(learningRate: 1.0, rho: 0.5, epsilon: 0.01), initial: [[0.0]], gradients: [[[0.2]]]);
        Assert.AreEqual(-0.1 * 0.2 / Math.Sqrt(0.5 * 0.04 + 0.01), actual[0][0], 1e-6);
    }

    [TestMethod]
    public void DefaultsSlotsAndConfigAreKeras()
    {
        var optimizer = new Adadelta();
        Assert.AreEqual("adadelta", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.95, optimizer.Rho);
        AssertClose(RunReference(KerasReferenceOptimizers.Adadelta(), _ => Float32(0.001)), Run(optimizer));
        var built = new Adadelta();
        built.Build(MakeVariables(InitialValues));
        AssertVariables(built, "iteration", "learning_rate", "dense_w0_accumulated_grad", "dense_w0_accumulated_delta_var",
            "dense_w1_accumulated_grad", "dense_w1_accumulated_delta_var");
        var config = new Adadelta(rho: 0.9, epsilon: 1e-6).GetConfig();
        Assert.AreEqual(0.9, config["rho"]);
        Assert.AreEqual(1e-6, config["epsilon"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Adadelta(rho: 1.5)).Message, "rho");
    }
}
