extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

[TestClass]
public sealed class MulticlassTrainerTests : KerasTestBase
{
    [TestMethod]
    public void FashionMnistMicroAccuracyAfterThreeEpochs()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = MLNetTestData.FashionMnist(ml);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Keras(MLNetTestData.Mlp(), epochs: 3, batchSize: 32, verbose: 0));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var trained = pipeline.Fit(train);
        Console.WriteLine($"fit {clock.Elapsed}");
        var metrics = ml.MulticlassClassification.Evaluate(trained.Transform(test));
        Console.WriteLine($"micro {metrics.MicroAccuracy} {clock.Elapsed}");
        Assert.IsGreaterThanOrEqualTo(0.85, metrics.MicroAccuracy);
    }
}
