extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using KeyTypeAttribute = MicrosoftML::Microsoft.ML.Data.KeyTypeAttribute;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>How the trainers read data views: keys, non-contiguous labels, binary .idv files, reshaped inputs.</summary>
[TestClass]
public sealed class DataViewTrainingTests : KerasTestBase
{
    public sealed class KeyRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        [KeyType(3)]
        public uint Label { get; set; }
    }

    public sealed class ValueRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [TestMethod]
    public void RawKeysAreOneBasedAndBecomeZeroBasedClassIndices()
    {
        var ml = new MLContext(seed: 1);
        // A [KeyType] POCO value v is stored as raw key v + 1; the cursor shows the raw key.
        var data = ml.Data.LoadFromEnumerable(new[] { 2u, 0u, 1u, 2u }.Select(v => new KeyRow { Features = [v, 0, 0], Label = v }));
        using (var cursor = data.GetRowCursor([data.Schema["Label"]]))
        {
            var raw = cursor.GetGetter<uint>(data.Schema["Label"]);
            uint key = 0;
            cursor.MoveNext();
            raw(ref key);
            Assert.AreEqual(3u, key, "POCO value 2 is raw key 3");
        }
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var columns = new KerasColumns(new Dictionary<string, string> { [model.InputNames[0]] = "Features" },
            new Dictionary<string, string> { [model.OutputNames[0]] = "Label" }, new Dictionary<string, string>(), null);
        var binding = ColumnBinding.Create("test", KerasTask.MulticlassClassification, model, columns, data.Schema, withLabels: true);
        var batch = new DataViewBatches(data, binding, batchSize: 4, withTargets: true).First();
        CollectionAssert.AreEqual(new long[] { 2, 0, 1, 2 }, batch[1].data<long>().ToArray());
        CollectionAssert.AreEqual(new float[] { 2, 0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0 }, batch[0].data<float>().ToArray());
    }

    [TestMethod]
    public void NonContiguousValueLabelsComeBackAsThemselves()
    {
        var ml = new MLContext(seed: 1);
        float[] classes = [20f, 3f, 7f];
        // Feature = one-hot of the class position: separable, learnt in a few epochs.
        var rows = Enumerable.Range(0, 300).Select(i => new ValueRow { Features = [i % 3 == 0 ? 1 : 0, i % 3 == 1 ? 1 : 0, i % 3 == 2 ? 1 : 0], Label = classes[i % 3] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: new KerasStyle.Optimizers.Adam(learningRate: 0.1), loss: "sparse_categorical_crossentropy");
        var trained = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Keras(model, epochs: 5, batchSize: 16, verbose: 0))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel"))
            .Fit(data);
        var scored = trained.Transform(data);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.AreEqual(1.0, metrics.MicroAccuracy);
        var predicted = ml.Data.CreateEnumerable<Predicted>(scored, reuseRowObject: false).Select(p => p.PredictedValue).ToList();
        CollectionAssert.AreEqual(rows.Select(r => r.Label).ToList(), predicted, "MapKeyToValue gives back 20, 3 and 7");
    }

    public sealed class Predicted
    {
        public float PredictedValue { get; set; }
    }

    [TestMethod]
    public void BinaryIdvFileStreamsTheSameBatchesAsTheRowsItWasSavedFrom()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 500).Select(i => new KeyRow { Features = [(float)random.NextDouble(), (float)random.NextDouble(), i % 3], Label = (uint)(i % 3) }).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"kerasstyle-{Guid.NewGuid():N}.idv");
        try
        {
            using (var stream = File.Create(path)) ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(rows), stream);
            var fromFile = ml.Data.LoadFromBinary(path);
            Assert.IsTrue(fromFile.CanShuffle, "a binary .idv can shuffle itself (no ML.NET shuffle pool needed)");
            double[] Losses(IDataView data)
            {
                Keras.Utils.SetRandomSeed(5);
                var model = new Sequential([Keras.Input(shape: [3]), new Dense(3, activation: "softmax")]);
                model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
                var options = new KerasTrainerOptions { Epochs = 2, BatchSize = 50, Shuffle = false, Verbose = 0 };
                return ml.MulticlassClassification.Trainers.Keras(model, options).Fit(data).History["loss"].ToArray();
            }
            CollectionAssert.AreEqual(Losses(ml.Data.LoadFromEnumerable(rows)), Losses(fromFile));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class ImageRow
    {
        [VectorType(64)]
        public float[] Features { get; set; } = [];

        [KeyType(2)]
        public uint Label { get; set; }
    }

    [TestMethod]
    public void VectorColumnFeedsAConvnetInputShapeInTrainingAndScoring()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(4);
        var rows = Enumerable.Range(0, 64).Select(i => new ImageRow { Features = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray(), Label = (uint)(i % 2) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new Sequential([Keras.Input(shape: [8, 8, 1]), new Conv2D(2, 3, activation: "relu"), new Flatten(), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        var transformer = ml.MulticlassClassification.Trainers.Keras(model, epochs: 1, batchSize: 16, verbose: 0).Fit(data);
        var expected = ((Tensor)model.Predict(tensor(rows.SelectMany(r => r.Features).ToArray(), [64, 8, 8, 1]), verbose: 0)).data<float>().ToArray();
        var scored = transformer.Transform(data);
        using var cursor = scored.GetRowCursor([scored.Schema["Score"]]);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> s = default;
        var row = 0;
        while (cursor.MoveNext())
        {
            score(ref s);
            var values = s.DenseValues().ToArray();
            for (var c = 0; c < 2; c++) Assert.AreEqual(expected[row * 2 + c], values[c], 1e-5, $"row {row} class {c}");
            row++;
        }
        Assert.AreEqual(64, row);
    }
}
