using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class AdamWTests : KerasTestBase
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ThreeStepsMatchKerasFormula(bool amsgrad)
    {
        // adamw.py is Adam with weight_decay set: w -= w·wd·lr before each Adam step.
        var actual = Run(new AdamW(learningRate: 0.1, weightDecay: 0.05, beta1: 0.8, beta2: 0.9, amsgrad: amsgrad));
        var expected = RunReference(KerasReferenceOptimizers.Adam(0.8, 0.9, 1e-7, amsgrad), _ => Float32(0.1), new ReferenceOptions(WeightDecay: 0.05));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new AdamW();
        Assert.AreEqual("adam_w", optimizer.Name); // Keras's to_snake_case("AdamW")
        Assert.AreEqual(0.004, optimizer.WeightDecay);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.9, optimizer.Beta1);
        Assert.AreEqual(0.999, optimizer.Beta2);
        Assert.AreEqual(1e-7, optimizer.Epsilon);
        Assert.AreEqual(0.004, optimizer.GetConfig()["weight_decay"]);
        var expected = RunReference(KerasReferenceOptimizers.Adam(), _ => Float32(0.001), new ReferenceOptions(WeightDecay: 0.004));
        AssertClose(expected, Run(optimizer));
    }

    [TestMethod]
    public void DecayMakesADifference()
    {
        var adam = Run(new Adam(learningRate: 0.1));
        var adamW = Run(new AdamW(learningRate: 0.1, weightDecay: 0.5));
        Assert.IsTrue(Math.Abs(adam[0][2] - adamW[0][2]) > 1e-3);
    }

    [TestMethod]
    public void VariablesAreAdams()
    {
        var optimizer = new AdamW();
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "learning_rate",
            "dense_w0_momentum", "dense_w0_velocity", "dense_w1_momentum", "dense_w1_velocity");
    }
}
