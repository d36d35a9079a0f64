using Microsoft.ML.KerasStyle.Metrics;
using KLosses = Microsoft.ML.KerasStyle.Losses;

namespace Microsoft.ML.KerasStyle.Tests.Metrics;

[TestClass]
public sealed class MetricRegistryTests : KerasTestBase
{
    [TestMethod]
    [DataRow("accuracy", typeof(Accuracy))]
    [DataRow("acc", typeof(Accuracy))]
    [DataRow("binary_accuracy", typeof(BinaryAccuracy))]
    [DataRow("categorical_accuracy", typeof(CategoricalAccuracy))]
    [DataRow("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy))]
    [DataRow("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracy))]
    [DataRow("sparse_top_k_categorical_accuracy", typeof(SparseTopKCategoricalAccuracy))]
    [DataRow("mean_squared_error", typeof(MeanSquaredError))]
    [DataRow("mse", typeof(MeanSquaredError))]
    [DataRow("mean_absolute_error", typeof(MeanAbsoluteError))]
    [DataRow("mae", typeof(MeanAbsoluteError))]
    [DataRow("root_mean_squared_error", typeof(RootMeanSquaredError))]
    [DataRow("binary_crossentropy", typeof(BinaryCrossentropy))]
    [DataRow("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [DataRow("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [DataRow("auc", typeof(AUC))]
    [DataRow("precision", typeof(Precision))]
    [DataRow("recall", typeof(Recall))]
    [DataRow("mape", typeof(MeanAbsolutePercentageError))]
    [DataRow("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError))]
    [DataRow("msle", typeof(MeanSquaredLogarithmicError))]
    [DataRow("MSLE", typeof(MeanSquaredLogarithmicError))]
    [DataRow("log_cosh_error", typeof(LogCoshError))]
    [DataRow("logcosh", typeof(LogCoshError))]
    [DataRow("cosine_similarity", typeof(CosineSimilarity))]
    [DataRow("hinge", typeof(Hinge))]
    [DataRow("squared_hinge", typeof(SquaredHinge))]
    [DataRow("categorical_hinge", typeof(CategoricalHinge))]
    [DataRow("kl_divergence", typeof(KLDivergence))]
    [DataRow("poisson", typeof(Poisson))]
    [DataRow("r2_score", typeof(R2Score))]
    [DataRow("f1_score", typeof(F1Score))]
    [DataRow("F1Score", typeof(F1Score))]
    [DataRow("f_beta_score", typeof(FBetaScore))]
    [DataRow("true_positives", typeof(TruePositives))]
    [DataRow("false_positives", typeof(FalsePositives))]
    [DataRow("true_negatives", typeof(TrueNegatives))]
    [DataRow("false_negatives", typeof(FalseNegatives))]
    [DataRow("binary_io_u", typeof(BinaryIoU))]
    public void NamesAndAliasesMakeTheirMetric(string name, Type type)
    {
        var metric = MetricRegistry.Get(name);
        Assert.AreEqual(type, metric.GetType());
        Assert.AreEqual(name, metric.Name, "named as given, as Keras's compile names string metrics");
    }

    [TestMethod]
    public void ClassesHaveKerasDefaultNames()
    {
        Assert.AreEqual("accuracy", new Accuracy().Name);
        Assert.AreEqual("binary_accuracy", new BinaryAccuracy().Name);
        Assert.AreEqual("categorical_accuracy", new CategoricalAccuracy().Name);
        Assert.AreEqual("root_mean_squared_error", new RootMeanSquaredError().Name);
        Assert.AreEqual("mean_absolute_error", new MeanAbsoluteError().Name);
        Assert.AreEqual("binary_crossentropy", new BinaryCrossentropy().Name);
        Assert.AreEqual("sum", new Sum().Name);
        Assert.AreEqual("logcosh", new LogCoshError().Name, "Keras's LogCoshError is named logcosh");
        Assert.AreEqual("f1_score", new F1Score().Name);
        Assert.AreEqual("fbeta_score", new FBetaScore().Name);
        Assert.AreEqual("r2_score", new R2Score().Name);
        Assert.AreEqual("true_positives", new TruePositives().Name);
        Assert.AreEqual("precision_at_recall", new PrecisionAtRecall(0.5).Name);
        Assert.AreEqual("mean_io_u", new MeanIoU(3).Name);
        Assert.AreEqual("one_hot_mean_io_u", new OneHotMeanIoU(3).Name);
        Assert.AreEqual("binary_io_u", new BinaryIoU().Name);
        Assert.AreEqual("cosine_similarity", new CosineSimilarity().Name);
    }

    [TestMethod]
    public void StringsConvertImplicitly()
    {
        Metric metric = "mae";
        Assert.IsInstanceOfType<MeanAbsoluteError>(metric);
    }

    [TestMethod]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MetricRegistry.Get("f1"));
        StringAssert.Contains(e.Message, "'f1'");
        StringAssert.Contains(e.Message, "sparse_categorical_accuracy");
        StringAssert.Contains(e.Message, "auc");
    }

    [TestMethod]
    [DataRow("accuracy", new[] { 32 }, new[] { 32, 10 }, typeof(SparseCategoricalAccuracy))]       // fewer target dims
    [DataRow("accuracy", new[] { 32, 1 }, new[] { 32, 10 }, typeof(SparseCategoricalAccuracy))]    // (batch, 1) labels
    [DataRow("accuracy", new[] { 32, 10 }, new[] { 32, 10 }, typeof(CategoricalAccuracy))]         // one-hot
    [DataRow("accuracy", new[] { 32, 1 }, new[] { 32, 1 }, typeof(BinaryAccuracy))]                // one sigmoid unit
    [DataRow("acc", new[] { 32 }, new[] { 32, 1 }, typeof(BinaryAccuracy))]
    [DataRow("ACCURACY", new[] { 32, 10 }, new[] { 32, 10 }, typeof(CategoricalAccuracy))]
    [DataRow("crossentropy", new[] { 32 }, new[] { 32, 10 }, typeof(SparseCategoricalCrossentropy))]
    [DataRow("ce", new[] { 32, 1 }, new[] { 32, 1 }, typeof(BinaryCrossentropy))]
    [DataRow("mse", new[] { 32, 1 }, new[] { 32, 1 }, typeof(MeanSquaredError))]
    public void AccuracyResolvesFromShapes(string name, int[] yTrue, int[] yPred, Type type)
    {
        var metric = MetricRegistry.Resolve(name, null, yTrue, yPred);
        Assert.AreEqual(type, metric.GetType());
        Assert.AreEqual(name, metric.Name, "the resolved metric keeps the user's name");
    }

    [TestMethod]
    public void TheLossDecidesWhenShapesDoNot()
    {
        // Multi-label sigmoid outputs with binary crossentropy: binary accuracy, not categorical.
        var binary = MetricRegistry.Resolve("accuracy", new KLosses.BinaryCrossentropy(), [32, 5], [32, 5]);
        Assert.IsInstanceOfType<BinaryAccuracy>(binary);
        var sparse = MetricRegistry.Resolve("accuracy", KLosses.LossRegistry.Get("sparse_categorical_crossentropy"), [32, 10], [32, 10]);
        Assert.IsInstanceOfType<SparseCategoricalAccuracy>(sparse);
        var categorical = MetricRegistry.Resolve("accuracy", new KLosses.CategoricalCrossentropy(), [32, 10], [32, 10]);
        Assert.IsInstanceOfType<CategoricalAccuracy>(categorical);
        Assert.AreEqual("accuracy", categorical.Name);
    }

    [TestMethod]
    public void ResolvedAccuracyComputes()
    {
        var metric = MetricRegistry.Resolve("accuracy", null, tensor(new long[] { 0, 1, 2 }).shape, zeros(3, 3).shape);
        metric.UpdateState(new[] { 0, 1, 2 }, new[] { new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }, new float[] { 0, 0, 1 } });
        Assert.AreEqual("1.00", $"{metric.Result():F2}");
    }

    [TestMethod]
    public void ResolvingWithoutABatchAxisIsClear()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MetricRegistry.Resolve("accuracy", null, Array.Empty<int>(), [3]));
        StringAssert.Contains(e.Message, "accuracy");
        StringAssert.Contains(e.Message, "rank");
    }
}
