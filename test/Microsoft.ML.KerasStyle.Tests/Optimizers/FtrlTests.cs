using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class FtrlTests : KerasTestBase
{
    [TestMethod]
    [DataRow(-0.5, 0.1, 0.0, 0.0, 0.0, 0.0)]
    [DataRow(-0.5, 0.1, 0.2, 0.0, 0.0, 0.0)]    // L1: the small |z| become exact zeros
    [DataRow(-0.25, 0.5, 0.05, 0.3, 0.1, 0.2)]  // everything at once
    [DataRow(0.0, 1.0, 0.0, 0.1, 0.0, 0.0)]     // power 0: a fixed rate
    public void ThreeStepsMatchKerasFormula(double power, double initialAccumulator, double l1, double l2, double shrinkage, double beta)
    {
        var actual = Run(new Ftrl(learningRate: 0.1, learningRatePower: power, initialAccumulatorValue: initialAccumulator,
            l1RegularizationStrength: l1, l2RegularizationStrength: l2, l2ShrinkageRegularizationStrength: shrinkage, beta: beta));
        var expected = RunReference(KerasReferenceOptimizers.Ftrl(power, initialAccumulator, l1, l2, shrinkage, beta), _ => Float32(0.1));
        AssertClose(expected, actual, 1e-5);
    }

    [TestMethod]
    public void StrongL1GivesExactZeros()
    {
        var actual = Run(new Ftrl(learningRate: 0.1, l1RegularizationStrength: 10));
        foreach (var weight in actual.SelectMany(w => w)) Assert.AreEqual(0.0, weight, "|z| < λ₁ everywhere");
    }

    [TestMethod]
    public void DefaultsSlotsAndConfigAreKeras()
    {
        var optimizer = new Ftrl();
        Assert.AreEqual("ftrl", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        AssertClose(RunReference(KerasReferenceOptimizers.Ftrl(), _ => Float32(0.001)), Run(optimizer), 1e-5);
        var built = new Ftrl(initialAccumulatorValue: 0.25);
        built.Build(MakeVariables(InitialValues));
        AssertVariables(built, "iteration", "learning_rate", "dense_w0_accumulator", "dense_w0_linear", "dense_w1_accumulator", "dense_w1_linear");
        LayerTestHarness.AssertClose([0.25f, 0.25f, 0.25f], built.Variables[2].Value);
        var config = new Ftrl(learningRatePower: -0.3, initialAccumulatorValue: 0.2, l1RegularizationStrength: 0.01,
            l2RegularizationStrength: 0.02, l2ShrinkageRegularizationStrength: 0.03, beta: 0.04).GetConfig();
        Assert.AreEqual(-0.3, config["learning_rate_power"]);
        Assert.AreEqual(0.2, config["initial_accumulator_value"]);
        Assert.AreEqual(0.01, config["l1_regularization_strength"]);
        Assert.AreEqual(0.02, config["l2_regularization_strength"]);
        Assert.AreEqual(0.03, config["l2_shrinkage_regularization_strength"]);
        Assert.AreEqual(0.04, config["beta"]);
    }

    [TestMethod]
    [DataRow("learningRatePower", 0.5)]
    [DataRow("initialAccumulatorValue", -0.1)]
    [DataRow("l1RegularizationStrength", -1.0)]
    [DataRow("l2ShrinkageRegularizationStrength", -1.0)]
    public void InvalidArgumentsAreNamed(string argument, double value)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => argument switch
        {
            "learningRatePower" => new Ftrl(learningRatePower: value),
            "initialAccumulatorValue" => new Ftrl(initialAccumulatorValue: value),
            "l1RegularizationStrength" => new Ftrl(l1RegularizationStrength: value),
            _ => new Ftrl(l2ShrinkageRegularizationStrength: value),
        });
        StringAssert.Contains(error.Message, argument);
    }
}
