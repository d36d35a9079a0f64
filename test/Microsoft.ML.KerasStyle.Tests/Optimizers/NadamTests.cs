using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class NadamTests : KerasTestBase
{
    [TestMethod]
    [DataRow(0.9, 0.999, 1e-7)]
    [DataRow(0.8, 0.9, 1e-3)]
    public void ThreeStepsMatchKerasFormula(double beta1, double beta2, double epsilon)
    {
        var actual = Run(new Nadam(learningRate: 0.1, beta1: beta1, beta2: beta2, epsilon: epsilon));
        var expected = RunReference(KerasReferenceOptimizers.Nadam(beta1, beta2, epsilon), _ => Float32(0.1));
        AssertClose(expected, actual);
    }

    [TestMethod]
    public void UProductIsTheProductOfTheMomentumSchedule()
    {
        // u_product after 3 applies = Π_{t=1..3} 0.9·(1 − ½·0.96ᵗ).
        var expected = 1.0;
        for (var t = 1; t <= 3; t++) expected *= 0.9 * (1 - 0.5 * Math.Pow(0.96, t));
        var optimizer = new Nadam();
        Run(optimizer);
        Assert.AreEqual(expected, optimizer.Variables[^1].Value.item<float>(), 1e-7);
    }

    [TestMethod]
    public void MissingGradientsStillAdvanceTheMomentumScheduleOnce()
    {
        // The first variable has no gradient at step 2: Keras still multiplies u_product once for that apply.
        double[]?[][] gradients =
        [
            [[0.125, -0.375, 0.5], [0.25, -0.75]],
            [null, [-0.5, 0.375]],
            [[-0.0625, 0.25, 0.375], null],
        ];
        var actual = Run(new Nadam(learningRate: 0.1), gradients: gradients);
        var expected = RunReference(KerasReferenceOptimizers.Nadam(), _ => Float32(0.1), gradients: gradients);
        AssertClose(expected, actual);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void RestoringAnEarlierStateReplaysTheSameSteps(int savedAfter)
    {
        // Save the state after some steps, finish the three, restore it and finish again: the momentum schedule must
        // advance again although the iteration counts repeat (also when the restored count is the last one used).
        var optimizer = new Nadam(learningRate: 0.1);
        var variables = MakeVariables(InitialValues);
        void Apply(int step) => optimizer.ApplyGradients(Gradients[step].Select(g => tensor(g.Select(x => (float)x).ToArray())).ToList(), variables);
        for (var step = 0; step < savedAfter; step++) Apply(step);
        var savedOptimizer = optimizer.Variables.Select(v => v.Value.clone()).ToList();
        var savedWeights = variables.Select(v => v.Value.clone()).ToList();
        for (var step = savedAfter; step < 3; step++) Apply(step);
        var first = Values(variables);
        for (var i = 0; i < savedOptimizer.Count; i++) optimizer.Variables[i].Assign(savedOptimizer[i]);
        for (var i = 0; i < savedWeights.Count; i++) variables[i].Assign(savedWeights[i]);
        for (var step = savedAfter; step < 3; step++) Apply(step);
        AssertClose(first, Values(variables), 1e-7);
        AssertClose(RunReference(KerasReferenceOptimizers.Nadam(), _ => Float32(0.1)), first);
    }

    [TestMethod]
    public void DefaultsAreKeras()
    {
        var optimizer = new Nadam();
        Assert.AreEqual("nadam", optimizer.Name);
        Assert.AreEqual(0.001, optimizer.LearningRate, 1e-9);
        Assert.AreEqual(0.9, optimizer.Beta1);
        Assert.AreEqual(0.999, optimizer.Beta2);
        Assert.AreEqual(1e-7, optimizer.Epsilon);
        AssertClose(RunReference(KerasReferenceOptimizers.Nadam(), _ => Float32(0.001)), Run(optimizer));
    }

    [TestMethod]
    public void VariablesFollowKerasBuildOrder()
    {
        // nadam.py build(): momentum and velocity interleaved per variable, then the scalar u_product (starting at 1).
        var optimizer = new Nadam();
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "learning_rate",
            "dense_w0_momentum", "dense_w0_velocity", "dense_w1_momentum", "dense_w1_velocity", "u_product");
        Assert.AreEqual(0, optimizer.Variables[^1].Shape.Length);
        Assert.AreEqual("float32", optimizer.Variables[^1].Dtype);
        Assert.AreEqual(1f, optimizer.Variables[^1].Value.item<float>());
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new Nadam(beta1: 0.8, beta2: 0.99, epsilon: 1e-6).GetConfig();
        Assert.AreEqual(0.8, config["beta_1"]);
        Assert.AreEqual(0.99, config["beta_2"]);
        Assert.AreEqual(1e-6, config["epsilon"]);
        Assert.IsFalse(config.ContainsKey("amsgrad"));
    }
}
