using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class AdamaxTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.9, 0.999, 1e-7)]
    [DataRow(0.5, 0.8, 0.25)]   // a large epsilon: it is added to the norm, outside the bias correction
    public void ThreeStepsMatchKerasFormula(double beta1, double beta2, double epsilon)
    {
        var actual = Run(new Adamax(learningRate: 0.1, beta1: beta1, beta2: beta2, epsilon: epsilon));
        var expected = RunReference(KerasReferenceOptimizers.Adamax(beta1, beta2, epsilon), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void FirstStepMovesEachWeightByTheRate()
    {
        // Step 1: m = 0.1·g, u = |g|, so w −= lr·0.1·g / (0.1·(|g| + ε)) ≈ lr·sign(g).
        var actual = Run(new Adamax(learningRate: 0.5), gradients: [[[0.125, -0.375, 0.5], [0.25, -0.75]]]);
        AssertClose([[0.5 - 0.5, -1.25 + 0.5, 2.0 - 0.5], [1.5 - 0.5, -0.25 + 0.5]], actual, 1e-5);
    }

    [TestMethod]
    public void DefaultsSlotsAndConfigAreKeras()
    {
        var optimizer = new Adamax();
        Assert.AreEqual("adamax", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        AssertClose(RunReference(KerasReferenceOptimizers.Adamax(), _ => Float32(0.001)), Run(optimizer));
        var built = new Adamax();
        built.Build(MakeVariables(InitialValues));
        AssertVariables(built, "iteration", "learning_rate", "dense_w0_momentum", "dense_w0_norm", "dense_w1_momentum", "dense_w1_norm");
        var config = new Adamax(beta1: 0.8, beta2: 0.95, epsilon: 1e-5).GetConfig();
        Assert.AreEqual(0.8, config["beta_1"]);
        Assert.AreEqual(0.95, config["beta_2"]);
        Assert.AreEqual(1e-5, config["epsilon"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Adamax(beta1: 1.0)).Message, "beta1");
    }
}
