using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static Microsoft.ML.KerasStyle.Tests.Optimizers.OptimizerTestRunner;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class OptimizerLearningRateTests : KerasTestBase
{
    [TestMethod]
    public void ConstantRateCanBeSetAndIsUsed()
    {
        var optimizer = new SGD(learningRate: 0.1);
        var variables = MakeVariables([[1.0]]);
        optimizer.ApplyGradients([tensor(new[] { 0.5f })], variables);
        optimizer.LearningRate = 0.25;
        Assert.AreEqual(0.25, optimizer.LearningRate, 1e-9);
        optimizer.ApplyGradients([tensor(new[] { 0.5f })], variables);
        // 1 − 0.1·0.5 − 0.25·0.5 = 0.825
        Assert.AreEqual(0.825, variables[0].ToArray()[0], 1e-6);
        Assert.AreEqual(0.25, (double)optimizer.GetConfig()["learning_rate"]!, 1e-9);
    }

    [TestMethod]
    public void ScheduledRateCannotBeSet()
    {
        var optimizer = new Adam(learningRate: new ExponentialDecay(0.1, 10, 0.5));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => optimizer.LearningRate = 0.01);
        StringAssert.Contains(error.Message, "ExponentialDecay");
        StringAssert.Contains(error.Message, optimizer.Name);
    }

    [TestMethod]
    public void ScheduledOptimizerHasNoLearningRateVariable()
    {
        var optimizer = new SGD(learningRate: new PiecewiseConstantDecay([1], [0.1, 0.01]), momentum: 0.9);
        optimizer.Build(MakeVariables(InitialValues));
        AssertVariables(optimizer, "iteration", "dense_w0_momentum", "dense_w1_momentum");
        Assert.IsInstanceOfType<Dictionary<string, object?>>(optimizer.GetConfig()["learning_rate"]);
    }

    [TestMethod]
    public void ScheduledRateFollowsIterations()
    {
        // lr(step) = 0.1·0.5^(step/2): steps 0, 1, 2 use 0.1, 0.0707…, 0.05.
        var schedule = new ExponentialDecay(0.1, decaySteps: 2, decayRate: 0.5);
        var optimizer = new SGD(learningRate: schedule);
        var variables = MakeVariables([[1.0]]);
        var expected = 1.0;
        for (var step = 0; step < 3; step++)
        {
            var rate = 0.1 * Math.Pow(0.5, step / 2.0);
            Assert.AreEqual(rate, optimizer.LearningRate, 1e-12, $"rate before step {step}");
            optimizer.ApplyGradients([tensor(new[] { 0.5f })], variables);
            expected -= rate * 0.5;
        }
        Assert.AreEqual(3L, optimizer.IterationCount);
        Assert.AreEqual(0.1 * Math.Pow(0.5, 1.5), optimizer.LearningRate, 1e-12);
        Assert.AreEqual(expected, variables[0].ToArray()[0], 1e-6);
    }

    [TestMethod]
    [DataRow("sgd")]
    [DataRow("rmsprop")]
    [DataRow("adam")]
    [DataRow("adamw")]
    [DataRow("adagrad")]
    [DataRow("nadam")]
    public void ScheduledRateMatchesReferenceForEveryOptimizer(string name)
    {
        // A piecewise rate of 0.1 at step 0, then 0.05, then 0.02 for step 2.
        var schedule = new PiecewiseConstantDecay([0, 1], [0.1, 0.05, 0.02]);
        double Rate(long step) => step <= 0 ? 0.1 : step <= 1 ? 0.05 : 0.02;
        (Optimizer optimizer, ReferenceStep reference, ReferenceOptions? options) = name switch
        {
            "sgd" => ((Optimizer)new SGD(schedule, momentum: 0.9), KerasReferenceOptimizers.Sgd(0.9), (ReferenceOptions?)null),
            "rmsprop" => (new RMSprop(schedule), KerasReferenceOptimizers.RmsProp(), null),
            "adam" => (new Adam(schedule), KerasReferenceOptimizers.Adam(), null),
            "adamw" => (new AdamW(schedule), KerasReferenceOptimizers.Adam(), new ReferenceOptions(WeightDecay: 0.004)),
            "adagrad" => (new Adagrad(schedule), KerasReferenceOptimizers.Adagrad(), null),
            _ => (new Nadam(schedule), KerasReferenceOptimizers.Nadam(), null),
        };
        AssertClose(RunReference(reference, Rate, options), Run(optimizer));
    }
}
