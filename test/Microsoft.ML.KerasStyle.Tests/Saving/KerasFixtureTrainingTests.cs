using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.KerasFixtures;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// A model Keras trained continues training here from its restored optimizer state (the full-epoch run with
/// accuracies is the sample command <c>finetune</c>; this test takes 1,024 training images, 32 steps, to stay fast).
/// </summary>
[TestClass]
public sealed class KerasFixtureTrainingTests : KerasTestBase
{
    [TestMethod]
    public void FashionCnnFineTunedFromItsAdamStateKeepsItsAccuracy()
    {
        FashionFile(FashionTrainImages);
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData(Path.GetDirectoryName(FashionTrainImages));
        static Tensor Pixels(Tensor images, int count) => (images.narrow(0, 0, count).to(ScalarType.Float32) / 255).reshape(count, 28, 28, 1);
        var x = Pixels(trainImages, 1024);
        var y = trainLabels.narrow(0, 0, 1024);
        var testX = Pixels(testImages, 1000);
        var testY = testLabels.narrow(0, 0, 1000);

        var model = Keras.Models.LoadModel(Fixture(Fashion));
        var adam = (Adam)model.Optimizer!;
        var restoredSteps = adam.IterationCount;
        Assert.IsTrue(restoredSteps > 1000, $"the fixture's Adam state records its training ({restoredSteps} steps)");
        var before = model.Evaluate(testX, testY, batchSize: 250, verbose: 0)["accuracy"];

        model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0);
        var after = model.Evaluate(testX, testY, batchSize: 250, verbose: 0)["accuracy"];

        Assert.AreEqual(restoredSteps + 32, adam.IterationCount, "training continues the restored step count (1,024 / 32 = 32 steps)");
        Assert.IsTrue(before > 0.85, $"the loaded model classifies Fashion-MNIST ({before:F3})");
        Assert.IsTrue(after >= before - 0.02, $"accuracy on 1,000 test images: {before:F3} loaded, {after:F3} after fine-tuning");
        Console.WriteLine($"accuracy on the first 1,000 test images: loaded {before:F4}, after one pass over 1,024 training images {after:F4}");
    }
}
