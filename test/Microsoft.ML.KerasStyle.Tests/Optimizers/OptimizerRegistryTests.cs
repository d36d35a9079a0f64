using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Tests.Optimizers;

[TestClass]
public sealed class OptimizerRegistryTests : KerasTestBase
{
    [TestMethod]
    [DataRow("sgd", typeof(SGD), 0.01)]
    [DataRow("rmsprop", typeof(RMSprop), 0.001)]
    [DataRow("adam", typeof(Adam), 0.001)]
    [DataRow("adamw", typeof(AdamW), 0.001)]
    [DataRow("adagrad", typeof(Adagrad), 0.001)]
    [DataRow("nadam", typeof(Nadam), 0.001)]
    [DataRow("adamax", typeof(Adamax), 0.001)]
    [DataRow("adadelta", typeof(Adadelta), 0.001)]
    [DataRow("ftrl", typeof(Ftrl), 0.001)]
    [DataRow("lion", typeof(Lion), 0.001)]
    public void NamesGiveKerasDefaults(string name, Type type, double learningRate)
    {
        var optimizer = OptimizerRegistry.Get(name);
        Assert.AreEqual(type, optimizer.GetType());
        Assert.AreEqual(learningRate, optimizer.LearningRate, 1e-9);
        Assert.AreNotSame(optimizer, OptimizerRegistry.Get(name), "each lookup makes a new optimizer");
    }

    [TestMethod]
    public void NamesAreCaseInsensitiveAndConvertImplicitly()
    {
        Assert.IsInstanceOfType<Adam>(OptimizerRegistry.Get("Adam"));
        Optimizer optimizer = "RMSprop";
        Assert.IsInstanceOfType<RMSprop>(optimizer);
        CollectionAssert.AreEquivalent(new[] { "sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax", "adadelta", "ftrl", "lion" }, OptimizerRegistry.Names.ToArray());
    }

    [TestMethod]
    public void UnknownNameListsTheKnownOnes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => OptimizerRegistry.Get("adamax_typo"));
        StringAssert.Contains(error.Message, "adamax_typo");
        foreach (var known in new[] { "sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax", "adadelta", "ftrl", "lion" })
            StringAssert.Contains(error.Message, known);
    }
}
