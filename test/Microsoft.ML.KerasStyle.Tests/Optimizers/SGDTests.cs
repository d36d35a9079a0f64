using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class SGDTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.0, false)]
    [DataRow(0.9, false)]
    [DataRow(0.9, true)]
    [DataRow(0.5, true)]
    public void ThreeStepsMatchKerasFormula(double momentum, bool nesterov)
    {
        var actual = Run(new SGD(learningRate: 0.1, momentum: momentum, nesterov: nesterov));
        var expected = RunReference(KerasReferenceOptimizers.Sgd(momentum, nesterov), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new SGD();
        Assert.AreEqual("sgd", optimizer.Name);
        Assert.AreEqual(0.01, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.0, optimizer.Momentum);
        Assert.IsFalse(optimizer.Nesterov);
        AssertClose(RunReference(KerasReferenceOptimizers.Sgd(), _ => Float32(0.01)), Run(optimizer));
    }

    [TestMethod]
    public void MomentumSlotsExistOnlyWithMomentum()
    {
        var plain = new SGD();
        plain.Build(MakeVariables(InitialValues));
        AssertVariables(plain, "iteration", "learning_rate");

        var withMomentum = new SGD(momentum: 0.9);
        withMomentum.Build(MakeVariables(InitialValues));
        AssertVariables(withMomentum, "iteration", "learning_rate", "dense_w0_momentum", "dense_w1_momentum");
        CollectionAssert.AreEqual(new[] { 3 }, withMomentum.Variables[2].Shape);
        CollectionAssert.AreEqual(new[] { 2 }, withMomentum.Variables[3].Shape);
        Assert.IsFalse(withMomentum.Variables[2].Trainable);
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new SGD(learningRate: 0.05, momentum: 0.8, nesterov: true, clipnorm: 1.0).GetConfig();
        Assert.AreEqual("sgd", config["name"]);
        Assert.AreEqual(0.05, (double)config["learning_rate"]!, 1e-8);
        Assert.AreEqual(0.8, config["momentum"]);
        Assert.AreEqual(true, config["nesterov"]);
        Assert.AreEqual(1.0, config["clipnorm"]);
        Assert.IsNull(config["weight_decay"]);
        Assert.IsNull(config["clipvalue"]);
        Assert.IsNull(config["global_clipnorm"]);
    }

    [TestMethod]
    [DataRow(-0.1)]
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    public void MomentumOutsideUnitIntervalIsRejected(double momentum)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new SGD(momentum: momentum));
        StringAssert.Contains(error.Message, "momentum");
        StringAssert.Contains(error.Message, "[0, 1]");
    }
}
