extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// docs/mlnet.md's serving path: text labels mapped to keys by a mapping fit apart on the training data, the chain from
/// the Keras step on saved, and a PredictionEngine over an input class without a label — in process and after loading
/// the zip. (The docs programs themselves run in Docs/DocsRunTests.)
/// </summary>
[TestClass]
public sealed class ServingWithoutLabelTests : KerasTestBase
{
    static readonly string[] Classes = ["circle", "square", "triangle"];

    public sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    public sealed class Input
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    // The class is the position of the largest of the first three features.
    static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = x, Label = Classes[Array.IndexOf(x, x.Take(3).Max())] };
        }).ToList();
    }

    static Sequential Net()
    {
        var net = new Sequential([Keras.Input(shape: [4]), new Dense(16, activation: "relu"), new Dense(3, activation: "softmax")]);
        net.Compile(optimizer: new Microsoft.ML.KerasStyle.Optimizers.Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy");
        return net;
    }

    [TestMethod]
    public void TheDocumentedPipelinePredictsRowsWithoutALabelInProcessAndAfterLoading()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, seed: 1));
        var labelToKey = ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var trained = ml.MulticlassClassification.Trainers.Keras(Net(), epochs: 20, batchSize: 32, verbose: 0)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(labelToKey.Transform(train));
        var zip = Path.Combine(Saving.SavingTestFiles.TempDir(), "model.zip");
        ml.Model.Save(trained, labelToKey.Transform(train).Schema, zip);
        var loaded = new MLContext().Model.Load(zip, out _);
        var rows = Rows(50, seed: 2);

        var here = ml.Model.CreatePredictionEngine<Input, Prediction>(trained);
        var there = new MLContext().Model.CreatePredictionEngine<Input, Prediction>(loaded);
        var correct = 0;
        foreach (var row in rows)
        {
            var input = new Input { Features = row.Features };
            var (a, b) = (here.Predict(input), there.Predict(input));
            CollectionAssert.Contains(Classes, a.PredictedLabel);
            Assert.AreEqual(a.PredictedLabel, b.PredictedLabel);
            Assert.HasCount(3, a.Score);
            for (var c = 0; c < 3; c++) Assert.AreEqual(a.Score[c], b.Score[c], 1e-5);
            Assert.AreEqual(1f, a.Score.Sum(), 1e-5f);
            if (a.PredictedLabel == row.Label) correct++;
        }
        Assert.IsGreaterThanOrEqualTo(40, correct, "the class names come back in the right order (a learnable rule)");
    }

    [TestMethod]
    public void WithTheLabelMappingInsideTheChainMLNetWantsALabelToPredict()
    {
        // Why the docs fit the mapping apart: ML.NET maps the whole chain, MapValueToKey("Label") included.
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(64, seed: 1));
        var trained = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Keras(Net(), epochs: 1, verbose: 0))
            .Fit(train);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Model.CreatePredictionEngine<Input, Prediction>(trained));
        StringAssert.StartsWith(error.Message, "Could not find input column 'Label'");
        // The Keras step itself reads only the features.
        var keras = trained.OfType<KerasTransformer>().Single();
        var schema = keras.GetOutputSchema(ml.Data.LoadFromEnumerable(new[] { new Input() }).Schema);
        Assert.IsNotNull(schema.GetColumnOrNull("PredictedLabel"));
    }
}
