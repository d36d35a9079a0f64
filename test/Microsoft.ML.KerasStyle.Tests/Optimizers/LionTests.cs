using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class LionTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.9, 0.99)]
    [DataRow(0.2, 0.5)]
    public void ThreeStepsMatchKerasFormula(double beta1, double beta2)
    {
        var actual = Run(new Lion(learningRate: 0.1, beta1: beta1, beta2: beta2));
        var expected = RunReference(KerasReferenceOptimizers.Lion(beta1, beta2), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void MomentumDecidesTheSignOnceItOutweighsTheGradient()
    {
        // m after step 1 (β₂ = 0.5): 0.5·1 = 0.5. Step 2 with g = −0.25, β₁ = 0.9: 0.9·0.5 + 0.1·(−0.25) > 0, so the
        // weight still goes down although the gradient says up.
        var actual = Run(new Lion(learningRate: 0.125, beta1: 0.9, beta2: 0.5), initial: [[1.0]], gradients: [[[1.0]], [[-0.25]]]);
        Assert.AreEqual(1.0 - 0.125 - 0.125, actual[0][0], 1e-7);
    }

    [TestMethod]
    public void DefaultsSlotsAndConfigAreKeras()
    {
        var optimizer = new Lion();
        Assert.AreEqual("lion", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.9, optimizer.Beta1);
        Assert.AreEqual(0.99, optimizer.Beta2);
        AssertClose(RunReference(KerasReferenceOptimizers.Lion(), _ => Float32(0.001)), Run(optimizer));
        var built = new Lion();
        built.Build(MakeVariables(InitialValues));
        AssertVariables(built, "iteration", "learning_rate", "dense_w0_momentum", "dense_w1_momentum");
        var config = new Lion(beta1: 0.95, beta2: 0.98).GetConfig();
        Assert.AreEqual(0.95, config["beta_1"]);
        Assert.AreEqual(0.98, config["beta_2"]);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Lion(beta1: 0)).Message, "SignSGD");
    }
}
