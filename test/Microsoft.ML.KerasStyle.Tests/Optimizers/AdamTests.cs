using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class AdamTests : KerasTestBase
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ThreeStepsMatchKerasFormula(bool amsgrad)
    {
        var actual = Run(new Adam(learningRate: 0.1, beta1: 0.8, beta2: 0.9, epsilon: 1e-3, amsgrad: amsgrad));
        var expected = RunReference(KerasReferenceOptimizers.Adam(0.8, 0.9, 1e-3, amsgrad), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void AmsgradChangesTheResultWhenTheVelocityShrinks()
    {
        // The third gradients are smaller on some elements, so v̂ = max(v̂, v) differs from v there.
        var plain = Run(new Adam(learningRate: 0.1, beta2: 0.5));
        var amsgrad = Run(new Adam(learningRate: 0.1, beta2: 0.5, amsgrad: true));
        Assert.IsTrue(plain.Zip(amsgrad).Any(p => p.First.Zip(p.Second).Any(q => Math.Abs(q.First - q.Second) > 1e-4)));
    }

    [TestMethod]
    public void FirstStepMovesByLearningRate()
    {
        // Step 1: m = 0.1·g, v = 0.001·g², α = lr·√0.001/0.1, so w -= α·0.1·g/(√0.001·|g| + ε) ≈ lr·sign(g).
        var actual = Run(new Adam(learningRate: 0.01), [[1.0]], [[[0.5]]]);
        Assert.AreEqual(1.0 - 0.01, actual[0][0], 1e-6);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new Adam();
        Assert.AreEqual("adam", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.9, optimizer.Beta1);
        Assert.AreEqual(0.999, optimizer.Beta2);
        Assert.AreEqual(1e-7, optimizer.Epsilon);
        Assert.IsFalse(optimizer.Amsgrad);
        Assert.IsNull(optimizer.WeightDecay);
        AssertClose(RunReference(KerasReferenceOptimizers.Adam(), _ => Float32(0.001)), Run(optimizer));
    }

    [TestMethod]
    public void VariablesFollowKerasBuildOrder()
    {
        // adam.py build(): add_optimizer_variables(vars, ["momentum", "velocity"]) interleaves them per variable,
        // then amsgrad adds every velocity_hat.
        var optimizer = new Adam(amsgrad: true);
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "learning_rate",
            "dense_w0_momentum", "dense_w0_velocity", "dense_w1_momentum", "dense_w1_velocity",
            "dense_w0_velocity_hat", "dense_w1_velocity_hat");

        var plain = new Adam();
        plain.Build(MakeVariables(InitialValues));
        AssertVariables(plain, "iteration", "learning_rate",
            "dense_w0_momentum", "dense_w0_velocity", "dense_w1_momentum", "dense_w1_velocity");
    }

    [TestMethod]
    public void SlotsHoldKerasMoments()
    {
        // After one step: m = (1−β₁)·g = 0.1·g and v = (1−β₂)·g² = 0.001·g².
        var optimizer = new Adam();
        Run(optimizer, [[1.0, 2.0]], [[[0.5, -0.25]]]);
        LayerTestHarness.AssertClose([0.05f, -0.025f], optimizer.Variables[2].Value, 1e-7);
        LayerTestHarness.AssertClose([0.00025f, 0.0000625f], optimizer.Variables[3].Value, 1e-9);
        Assert.AreEqual(1L, optimizer.IterationCount);
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new Adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true).GetConfig();
        Assert.AreEqual("adam", config["name"]);
        Assert.AreEqual(0.8, config["beta_1"]);
        Assert.AreEqual(0.99, config["beta_2"]);
        Assert.AreEqual(1e-6, config["epsilon"]);
        Assert.AreEqual(true, config["amsgrad"]);
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Adam(beta1: 1.0)).Message, "beta1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Adam(beta2: -0.1)).Message, "beta2");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Adam(epsilon: double.NaN)).Message, "epsilon");
    }
}
