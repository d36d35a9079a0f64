extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using static Microsoft.ML.KerasStyle.Tests.MLNet.BinaryAndRegressionTrainerTests;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// One estimator fitted several times (as ML.NET's CrossValidate does) trains from the same start every time, although
/// the Keras model trains in place.
/// </summary>
[TestClass]
public sealed class RepeatedFitTests : KerasTestBase
{
    static Sequential LinearModel()
    {
        var model = new Sequential([Keras.Input(shape: [8]), new Dense(1)]);
        model.Compile(optimizer: new KerasStyle.Optimizers.Adam(learningRate: 0.05), loss: "mse");
        return model;
    }

    [TestMethod]
    public void SecondFitStartsFromTheFirstFitsStartingWeightsAndAFreshOptimizer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(600, 5));
        var model = LinearModel();
        var before = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();
        var estimator = ml.Regression.Trainers.Keras(model, new KerasTrainerOptions { LabelColumnName = "Target", Epochs = 3, Verbose = 0 });

        var first = estimator.Fit(data).History["loss"].ToList();
        var afterFirst = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();
        var second = estimator.Fit(data).History["loss"].ToList();
        var afterSecond = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();

        // Trained in place from the same start with the same row order: the same losses and weights, not a continuation.
        CollectionAssert.AreEqual(first, second, $"losses of the first fit {string.Join(", ", first)} vs the second {string.Join(", ", second)}");
        for (var i = 0; i < before.Count; i++)
        {
            CollectionAssert.AreNotEqual(before[i], afterFirst[i], $"weight {i} trained");
            CollectionAssert.AreEqual(afterFirst[i], afterSecond[i], $"weight {i} after the second fit");
        }
    }

    [TestMethod]
    public void CrossValidateTrainsEachFoldFromTheStart()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(900, 6));
        var estimator = ml.Regression.Trainers.Keras(LinearModel(), new KerasTrainerOptions { LabelColumnName = "Target", Epochs = 4, Verbose = 0 });
        var folds = ml.Regression.CrossValidate(data, estimator, numberOfFolds: 3, labelColumnName: "Target");
        Assert.HasCount(3, folds);
        var firstLosses = folds.Select(f => ((KerasTransformer)f.Model).History["loss"][0]).ToList();
        // A continuation would start folds 2 and 3 near the end of fold 1's training (loss ≪ the untrained loss).
        foreach (var (fold, loss) in folds.Zip(firstLosses))
        {
            Assert.IsGreaterThan(firstLosses.Max() / 3, loss, $"fold {fold.Fold}: first-epoch losses {string.Join(", ", firstLosses)}");
            Assert.IsGreaterThan(0.95, fold.Metrics.RSquared, $"fold {fold.Fold}: R² {fold.Metrics.RSquared}");
        }
    }
}
