extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.OnnxRuntime;
using MicrosoftML::Microsoft.ML;
using Samples.Listings;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using TransformerChain = MicrosoftML::Microsoft.ML.Data.TransformerChain<Microsoft.ML.KerasStyle.MLNet.KerasTransformer>;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// <c>ml.MulticlassClassification.Trainers.Keras</c> on Fashion-MNIST (30,000 training rows, text labels, trained once
/// for the class): ML.NET's evaluator, key values, history, PredictionEngine, the zip in a new process, ONNX names.
/// </summary>
[TestClass]
public sealed class MulticlassTrainerTests : KerasTestBase
{
    static MLContext ml = null!;
    static IDataView test = null!;
    static TransformerChain trained = null!;

    static KerasTransformer KerasStep => trained.OfType<KerasTransformer>().Single();

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        Keras.Utils.SetRandomSeed(1234);
        ml = new MLContext(seed: 1);
        (var train, test) = MLNetTestData.FashionMnist(ml);
        var model = new Sequential([Keras.Input(shape: [784]), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        trained = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Keras(model, epochs: 3, batchSize: 32, verbose: 0))
            .Fit(train);
    }

    [TestMethod]
    public void EvaluateMicroAccuracyIsAtLeast085AfterThreeEpochs()
    {
        var metrics = ml.MulticlassClassification.Evaluate(trained.Transform(test));
        Console.WriteLine($"MicroAccuracy {metrics.MicroAccuracy}, LogLoss {metrics.LogLoss}, history accuracy {string.Join(", ", KerasStep.History["accuracy"])}");
        Assert.IsGreaterThanOrEqualTo(0.85, metrics.MicroAccuracy, $"MicroAccuracy {metrics.MicroAccuracy}, history loss {string.Join(", ", KerasStep.History["loss"])} accuracy {string.Join(", ", KerasStep.History["accuracy"])}");
        // The evaluator's figure agrees with Keras's own view of the same rows.
        Assert.IsLessThan(0.6, metrics.LogLoss);
    }

    [TestMethod]
    public void PredictedLabelIsTheLabelKeyOfTheHighestScoreAndMapsBackToTheClassName()
    {
        var scored = trained.Transform(test);
        var labelKeys = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Label"].Annotations.GetValue("KeyValues", ref labelKeys);
        var predictedKeys = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["PredictedLabel"].Annotations.GetValue("KeyValues", ref predictedKeys);
        CollectionAssert.AreEqual(labelKeys.DenseValues().Select(v => v.ToString()).ToList(), predictedKeys.DenseValues().Select(v => v.ToString()).ToList());
        Assert.AreEqual(10, labelKeys.Length);

        var names = ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(scored).Transform(scored);
        using var cursor = names.GetRowCursor(names.Schema);
        var score = cursor.GetGetter<VBuffer<float>>(names.Schema["Score"]);
        var key = cursor.GetGetter<uint>(names.Schema["PredictedLabel"]);
        var name = cursor.GetGetter<ReadOnlyMemory<char>>(names.Schema["PredictedName"]);
        VBuffer<float> s = default;
        uint k = 0;
        ReadOnlyMemory<char> n = default;
        var rows = 0;
        while (cursor.MoveNext() && rows++ < 500)
        {
            score(ref s);
            key(ref k);
            name(ref n);
            var values = s.DenseValues().ToArray();
            Assert.HasCount(10, values);
            Assert.AreEqual(1.0, values.Sum(), 1e-4, "softmax scores sum to 1");
            var argmax = Array.IndexOf(values, values.Max());
            Assert.AreEqual((uint)argmax + 1, k, "raw key = class index + 1");
            Assert.AreEqual(labelKeys.GetItemOrDefault(argmax).ToString(), n.ToString());
            CollectionAssert.Contains(Keras.Datasets.FashionMnist.ClassNames.ToList(), n.ToString());
        }
    }

    [TestMethod]
    public void HistoryViewHoldsTheHistory()
    {
        var history = KerasStep.History;
        var view = KerasStep.HistoryView;
        CollectionAssert.AreEqual(new[] { "Epoch", "accuracy", "loss" }, view.Schema.Select(c => c.Name).Order(StringComparer.Ordinal).ToArray());
        using var cursor = view.GetRowCursor(view.Schema);
        var epoch = cursor.GetGetter<int>(view.Schema["Epoch"]);
        var loss = cursor.GetGetter<double>(view.Schema["loss"]);
        var accuracy = cursor.GetGetter<double>(view.Schema["accuracy"]);
        var row = 0;
        while (cursor.MoveNext())
        {
            int e = 0;
            double l = 0, a = 0;
            epoch(ref e);
            loss(ref l);
            accuracy(ref a);
            Assert.AreEqual(history.Epoch[row], e);
            Assert.AreEqual(history["loss"][row], l);
            Assert.AreEqual(history["accuracy"][row], a);
            row++;
        }
        Assert.AreEqual(3, row);
        Assert.IsLessThan(history["loss"][0], history["loss"][2], "the loss falls over the three epochs");
    }

    [TestMethod]
    public void PredictionEnginesOnSeveralThreadsMatchTransform()
    {
        var rows = ml.Data.CreateEnumerable<FashionMnistDataView.Row>(test, reuseRowObject: false).Take(400).ToList();
        var expected = Scores(trained.Transform(ml.Data.LoadFromEnumerable(rows)));
        var results = new float[rows.Count][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            var engine = ml.Model.CreatePredictionEngine<FashionMnistDataView.Row, Prediction>(trained);
            for (var i = thread; i < rows.Count; i += 4) results[i] = engine.Predict(rows[i]).Score;
        });
        for (var i = 0; i < rows.Count; i++)
            for (var c = 0; c < 10; c++)
                Assert.AreEqual(expected[i][c], results[i][c], 1e-5, $"row {i} class {c}");
    }

    [TestMethod]
    public void ZipLoadedInANewProcessGivesTheSamePredictions()
    {
        var directory = Directory.CreateTempSubdirectory("kerasstyle-mlnet-zip-").FullName;
        try
        {
            var zip = Path.Combine(directory, "model.zip");
            var rowsFile = Path.Combine(directory, "rows.idv");
            ml.Model.Save(trained, test.Schema, zip);
            // A fresh context loads the zip with no registration call: ML.NET's scalar key PredictedLabel over the 10
            // label values, and the 10 scores.
            var loaded = new MLContext().Model.Load(zip, out _).GetOutputSchema(test.Schema);
            Assert.AreEqual(new KeyDataViewType(typeof(uint), 10), loaded["PredictedLabel"].Type);
            var scores = (VectorDataViewType)loaded["Score"].Type;
            Assert.AreEqual(NumberDataViewType.Single, scores.ItemType);
            Assert.AreEqual(10, scores.Size);
            var rows = ml.Data.TakeRows(test, 300);
            using (var stream = File.Create(rowsFile)) ml.Data.SaveAsBinary(rows, stream, keepHidden: false);
            var withNames = trained.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(trained.Transform(test)));
            var here = MLNetFashionMnist.Predictions(withNames.Transform(ml.Data.LoadFromBinary(rowsFile)));
            // The saved model ends in PredictedLabel as a key: the new process maps it to names by the saved key values.
            var zipWithNames = Path.Combine(directory, "named.zip");
            ml.Model.Save(withNames, test.Schema, zipWithNames);
            var (there, _) = MLNetFashionMnist.ScoreInNewProcess(zipWithNames, rowsFile);

            // The Keras model comes back from the zip too (config and weights from the ONNX model's metadata and initializers).
            var recovered = KerasTransformer.ReadKerasModel(zip);
            var features = ml.Data.CreateEnumerable<FashionMnistDataView.Row>(rows, reuseRowObject: false).SelectMany(r => r.Features).ToArray();
            var recoveredScores = ((Tensor)recovered.Predict(tensor(features, [300, 784]), verbose: 0)).data<float>().ToArray();
            for (var i = 0; i < here.Count; i++)
                for (var c = 0; c < 10; c++) Assert.AreEqual(here[i].Scores[c], recoveredScores[i * 10 + c], 1e-5, $"recovered model, row {i} class {c}");
            Assert.HasCount(300, there);
            for (var i = 0; i < here.Count; i++)
            {
                Assert.AreEqual(here[i].Label, there[i].Label, $"row {i}");
                for (var c = 0; c < 10; c++) Assert.AreEqual(here[i].Scores[c], there[i].Scores[c], 1e-5, $"row {i} class {c}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void ExportOnnxNamesInputsAndOutputsAfterTheColumns()
    {
        using var stream = new MemoryStream();
        KerasStep.ExportOnnx(stream);
        using var session = new InferenceSession(stream.ToArray());
        CollectionAssert.AreEqual(new[] { "Features" }, session.InputMetadata.Keys.ToArray());
        CollectionAssert.AreEqual(new long[] { -1, 784 }, session.InputMetadata["Features"].Dimensions.Select(d => (long)d).ToArray());
        CollectionAssert.AreEqual(new[] { "Score", "PredictedLabel" }, session.OutputMetadata.Keys.ToArray());
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.IsTrue(metadata.ContainsKey("keras_config"), "the Keras config travels in the ONNX metadata");
    }

    static List<float[]> Scores(IDataView scored)
    {
        var result = new List<float[]>();
        using var cursor = scored.GetRowCursor([scored.Schema["Score"]]);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> s = default;
        while (cursor.MoveNext())
        {
            score(ref s);
            result.Add(s.DenseValues().ToArray());
        }
        return result;
    }

    /// <summary>What the prediction engine reads.</summary>
    public sealed class Prediction
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];
    }
}
