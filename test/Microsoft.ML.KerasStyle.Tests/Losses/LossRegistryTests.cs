using Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Tests.Losses;

[TestClass]
public sealed class LossRegistryTests : KerasTestBase
{
    [TestMethod]
    [DataRow("mean_squared_error", typeof(MeanSquaredError))]
    [DataRow("mse", typeof(MeanSquaredError))]
    [DataRow("mean_absolute_error", typeof(MeanAbsoluteError))]
    [DataRow("mae", typeof(MeanAbsoluteError))]
    [DataRow("binary_crossentropy", typeof(BinaryCrossentropy))]
    [DataRow("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [DataRow("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [DataRow("huber", typeof(Huber))]
    [DataRow("huber_loss", typeof(Huber))]
    [DataRow("kl_divergence", typeof(KLDivergence))]
    [DataRow("kld", typeof(KLDivergence))]
    [DataRow("kullback_leibler_divergence", typeof(KLDivergence))]
    [DataRow("poisson", typeof(Poisson))]
    [DataRow("cosine_similarity", typeof(CosineSimilarity))]
    [DataRow("CategoricalCrossentropy", typeof(CategoricalCrossentropy))]
    [DataRow("hinge", typeof(Hinge))]
    [DataRow("squared_hinge", typeof(SquaredHinge))]
    [DataRow("categorical_hinge", typeof(CategoricalHinge))]
    [DataRow("log_cosh", typeof(LogCosh))]
    [DataRow("logcosh", typeof(LogCosh))]
    [DataRow("mape", typeof(MeanAbsolutePercentageError))]
    [DataRow("MAPE", typeof(MeanAbsolutePercentageError))]
    [DataRow("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError))]
    [DataRow("msle", typeof(MeanSquaredLogarithmicError))]
    [DataRow("mean_squared_logarithmic_error", typeof(MeanSquaredLogarithmicError))]
    [DataRow("binary_focal_crossentropy", typeof(BinaryFocalCrossentropy))]
    [DataRow("categorical_focal_crossentropy", typeof(CategoricalFocalCrossentropy))]
    [DataRow("BinaryFocalCrossentropy", typeof(BinaryFocalCrossentropy))]
    public void NamesAndAliasesMakeTheirLoss(string name, Type type)
    {
        var loss = LossRegistry.Get(name);
        Assert.AreEqual(type, loss.GetType());
        Assert.AreEqual(name, loss.Name, "a loss given by name keeps that name, as Keras's compile does");
        Assert.AreEqual("sum_over_batch_size", loss.Reduction);
        CollectionAssert.Contains(LossRegistry.Names.ToList(), name);
    }

    [TestMethod]
    public void StringsConvertImplicitly()
    {
        Loss loss = "sparse_categorical_crossentropy";
        Assert.IsInstanceOfType<SparseCategoricalCrossentropy>(loss);
    }

    [TestMethod]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => LossRegistry.Get("hinge_loss"));
        StringAssert.Contains(e.Message, "hinge_loss");
        StringAssert.Contains(e.Message, "mean_squared_error");
        StringAssert.Contains(e.Message, "sparse_categorical_crossentropy");
    }

    [TestMethod]
    [DataRow("crossentropy", new[] { 32, 1 }, new[] { 32, 1 }, typeof(BinaryCrossentropy))]
    [DataRow("ce", new[] { 32 }, new[] { 32, 10 }, typeof(SparseCategoricalCrossentropy))]
    [DataRow("CE", new[] { 32, 1 }, new[] { 32, 10 }, typeof(SparseCategoricalCrossentropy))]
    [DataRow("crossentropy", new[] { 32, 10 }, new[] { 32, 10 }, typeof(CategoricalCrossentropy))]
    [DataRow("mse", new[] { 32, 1 }, new[] { 32, 1 }, typeof(MeanSquaredError))]
    public void CrossentropyResolvesFromShapesLikeKerasCompile(string name, int[] yTrue, int[] yPred, Type type)
    {
        var loss = LossRegistry.Resolve(name, yTrue, yPred);
        Assert.AreEqual(type, loss.GetType());
        Assert.AreEqual(name, loss.Name);
    }
}
