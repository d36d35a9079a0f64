using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class AdagradTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.1, 1e-7)]
    [DataRow(0.0, 1e-3)]
    [DataRow(1.0, 0.5)]
    public void ThreeStepsMatchKerasFormula(double initialAccumulatorValue, double epsilon)
    {
        var actual = Run(new Adagrad(learningRate: 0.1, initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon));
        var expected = RunReference(KerasReferenceOptimizers.Adagrad(initialAccumulatorValue, epsilon), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new Adagrad();
        Assert.AreEqual("adagrad", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.1, optimizer.InitialAccumulatorValue);
        Assert.AreEqual(1e-7, optimizer.Epsilon);
        AssertClose(RunReference(KerasReferenceOptimizers.Adagrad(), _ => Float32(0.001)), Run(optimizer));
    }

    [TestMethod]
    public void AccumulatorsStartAtTheInitialValue()
    {
        var optimizer = new Adagrad(initialAccumulatorValue: 0.25);
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "learning_rate", "dense_w0_accumulator", "dense_w1_accumulator");
        LayerTestHarness.AssertClose([0.25f, 0.25f, 0.25f], optimizer.Variables[2].Value);
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new Adagrad(initialAccumulatorValue: 0.5, epsilon: 1e-6).GetConfig();
        Assert.AreEqual(0.5, config["initial_accumulator_value"]);
        Assert.AreEqual(1e-6, config["epsilon"]);
    }

    [TestMethod]
    public void NegativeInitialAccumulatorIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Adagrad(initialAccumulatorValue: -0.1));
        StringAssert.Contains(error.Message, "initialAccumulatorValue");
    }
}
