using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class RMSpropTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.0, false)]
    [DataRow(0.9, false)]
    [DataRow(0.0, true)]
    [DataRow(0.9, true)]
    public void ThreeStepsMatchKerasFormula(double momentum, bool centered)
    {
        var actual = Run(new RMSprop(learningRate: 0.01, rho: 0.8, momentum: momentum, centered: centered));
        var expected = RunReference(KerasReferenceOptimizers.RmsProp(rho: 0.8, momentum: momentum, centered: centered), _ => Float32(0.01));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void EpsilonIsInsideTheSquareRoot()
    {
        // One step from v = 0 with rho = 0 and a large epsilon: v = g² = 0.25, so Keras moves by
        // lr·g/√(0.25 + 0.75) = 0.1·0.5/1 = 0.05 (torch's lr·g/(√v + ε) would give 0.1·0.5/1.25 = 0.04).
        var optimizer = new RMSprop(learningRate: 0.1, rho: 0.0, epsilon: 0.75);
        var actual = Run(optimizer, [[1.0]], [[[0.5]]]);
        Assert.AreEqual(1.0 - 0.05, actual[0][0], 1e-6);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new RMSprop();
        Assert.AreEqual("rm_sprop", optimizer.Name); // Keras's to_snake_case("RMSprop")
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.9, optimizer.Rho);
        Assert.AreEqual(0.0, optimizer.Momentum);
        Assert.AreEqual(1e-7, optimizer.Epsilon);
        Assert.IsFalse(optimizer.Centered);
        AssertClose(RunReference(KerasReferenceOptimizers.RmsProp(), _ => Float32(0.001)), Run(optimizer));
    }

    [TestMethod]
    public void VariablesFollowKerasBuildOrder()
    {
        // rmsprop.py build(): every velocity, then every momentum, then every average_gradient.
        var optimizer = new RMSprop(momentum: 0.5, centered: true);
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "learning_rate",
            "dense_w0_velocity", "dense_w1_velocity",
            "dense_w0_momentum", "dense_w1_momentum",
            "dense_w0_average_gradient", "dense_w1_average_gradient");

        var plain = new RMSprop();
        plain.Build(MakeVariables(InitialValues));
        AssertVariables(plain, "iteration", "learning_rate", "dense_w0_velocity", "dense_w1_velocity");
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new RMSprop(rho: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true).GetConfig();
        Assert.AreEqual(0.8, config["rho"]);
        Assert.AreEqual(0.1, config["momentum"]);
        Assert.AreEqual(1e-6, config["epsilon"]);
        Assert.AreEqual(true, config["centered"]);
        Assert.AreEqual(0.001, (double)config["learning_rate"]!, 1e-9);
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RMSprop(rho: 1.5)).Message, "rho");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RMSprop(momentum: -1)).Message, "momentum");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new RMSprop(epsilon: -1e-7)).Message, "epsilon");
    }
}
