extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.OnnxRuntime;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using KeyTypeAttribute = MicrosoftML::Microsoft.ML.Data.KeyTypeAttribute;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// A row scored NaN (here: a NaN feature at scoring time) gets no class: the multiclass PredictedLabel is the missing
/// key 0 in the in-process transformer, in the saved form (whatever the type of the label's key values) and −1 in the
/// exported ONNX model, where it used to be a confident real class; the binary PredictedLabel is false, as ML.NET's own
/// binary scorers give for a NaN score.
/// </summary>
[TestClass]
public sealed class NaNScoreTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";

        public float Code { get; set; }

        public bool Flag { get; set; }
    }

    static List<Row> Rows(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var c = i % 3;
        return new Row { Features = [c, 1 - c, i % 2, 0.5f], Label = "abc"[c].ToString(), Code = c, Flag = c == 1 };
    }).ToList();

    static List<Row> ScoringRows()
    {
        var rows = Rows(6);
        rows[2].Features[1] = float.NaN;
        return rows;
    }

    static Sequential Classifier()
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
        return model;
    }

    static List<uint> Keys(IDataView scored)
    {
        var result = new List<uint>();
        using var cursor = scored.GetRowCursor([scored.Schema["PredictedLabel"]]);
        var getter = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        uint key = 0;
        while (cursor.MoveNext())
        {
            getter(ref key);
            result.Add(key);
        }
        return result;
    }

    static IDataView Reloaded(MLContext ml, ITransformer model, IDataView data)
    {
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        zip.Position = 0;
        return new MLContext().Model.Load(zip, out _).Transform(data);
    }

    [TestMethod]
    [DataRow("Label", DisplayName = "text key values")]
    [DataRow("Code", DisplayName = "Single key values (the default value 0 is a class)")]
    public void AMulticlassRowWithNaNScoresHasTheMissingKeyInEveryForm(string labelColumn)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(60));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", labelColumn)
            .Append(ml.MulticlassClassification.Trainers.Keras(Classifier(), labelColumnName: "Key", epochs: 2, verbose: 0))
            .Fit(train);
        var data = ml.Data.LoadFromEnumerable(ScoringRows());
        var here = Keys(pipeline.Transform(data));
        Assert.AreEqual(0u, here[2], "the NaN row");
        foreach (var (key, row) in here.Select((k, i) => (k, i)).Where(p => p.i != 2)) Assert.IsTrue(key is >= 1 and <= 3, $"row {row}: key {key}");
        var keras = pipeline.LastTransformer;
        CollectionAssert.AreEqual(here, Keys(keras.SavedForm.Transform(data)), "the saved form's chain");
        CollectionAssert.AreEqual(here, Keys(Reloaded(ml, pipeline, data)), "a reloaded zip");
        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(pipeline);
        CollectionAssert.AreEqual(here, ScoringRows().Select(r => engine.Predict(r).PredictedLabel).ToList(), "PredictionEngine");

        // Mapped back to values, the NaN row has the type's missing value rather than a class's.
        var named = ml.Transforms.Conversion.MapKeyToValue("Named", "PredictedLabel").Fit(pipeline.Transform(data)).Transform(pipeline.Transform(data));
        Assert.AreEqual(labelColumn == "Label" ? "" : "NaN", ReadNamed(named)[2]);
    }

    /// <summary>What the prediction engine reads: the raw key.</summary>
    public sealed class Prediction
    {
        /// <summary>The predicted key (0: missing).</summary>
        [KeyType(3)]
        public uint PredictedLabel { get; set; }
    }

    static List<string> ReadNamed(IDataView data)
    {
        var column = data.Schema["Named"];
        var result = new List<string>();
        using var cursor = data.GetRowCursor([column]);
        if (column.Type.RawType == typeof(float))
        {
            var getter = cursor.GetGetter<float>(column);
            float v = 0;
            while (cursor.MoveNext())
            {
                getter(ref v);
                result.Add(float.IsNaN(v) ? "NaN" : v.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return result;
        }
        var text = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> t = default;
        while (cursor.MoveNext())
        {
            text(ref t);
            result.Add(t.ToString());
        }
        return result;
    }

    [TestMethod]
    public void TheExportedOnnxModelGivesClassIndexMinusOneForNaNScores()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(Rows(60))).Transform(ml.Data.LoadFromEnumerable(Rows(60)));
        var transformer = ml.MulticlassClassification.Trainers.Keras(Classifier(), epochs: 1, verbose: 0).Fit(train);
        using var stream = new MemoryStream();
        transformer.ExportOnnx(stream);
        using var session = new InferenceSession(stream.ToArray());
        var rows = ScoringRows();
        var features = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(rows.SelectMany(r => r.Features).ToArray(), [rows.Count, 4]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", features)]);
        var labels = results.Single(r => r.Name == "PredictedLabel").AsTensor<long>().ToArray();
        var scores = results.Single(r => r.Name == "Score").AsTensor<float>().ToArray();
        Assert.AreEqual(-1L, labels[2]);
        Assert.IsTrue(float.IsNaN(scores[2 * 3]));
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == 2) continue;
            var expected = Enumerable.Range(0, 3).MaxBy(c => scores[i * 3 + c]);
            Assert.AreEqual(expected, labels[i], $"row {i}: the argmax of its scores");
        }
    }

    [TestMethod]
    public void ABinaryRowWithANaNScoreIsPredictedFalseAsByMLNetsOwnScorers()
    {
        var ml = new MLContext(seed: 1);
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        var transformer = ml.BinaryClassification.Trainers.Keras(model, labelColumnName: "Flag", epochs: 1, verbose: 0).Fit(ml.Data.LoadFromEnumerable(Rows(60)));
        var data = ml.Data.LoadFromEnumerable(ScoringRows());
        foreach (var (form, scored) in new[] { ("in process", transformer.Transform(data)), ("reloaded zip", Reloaded(ml, transformer, data)) })
        {
            using var cursor = scored.GetRowCursor(scored.Schema);
            var score = cursor.GetGetter<float>(scored.Schema["Score"]);
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
            float s = 0, p = 0;
            var l = false;
            while (cursor.MoveNext())
            {
                score(ref s);
                probability(ref p);
                label(ref l);
                if (cursor.Position != 2) continue;
                Assert.IsTrue(float.IsNaN(s) && float.IsNaN(p), $"{form}: Score {s}, Probability {p}");
                Assert.IsFalse(l, form);
            }
        }
    }
}
