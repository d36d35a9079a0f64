extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// The binary and regression trainers on small synthetic problems with known answers, checked by ML.NET's own
/// evaluators, and their saved forms (reloaded zips) against the in-process transformer.
/// </summary>
[TestClass]
public sealed class BinaryAndRegressionTrainerTests : KerasTestBase
{
    const int FeatureCount = 8;

    public sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Target { get; set; }
    }

    // Label: w·x > 0 for a fixed w; Target: w·x + 0.5 (exactly linear).
    internal static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        float[] w = [1f, -2f, 0.5f, 1.5f, -1f, 0.25f, 2f, -0.75f];
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, FeatureCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var dot = x.Zip(w).Sum(p => p.First * p.Second);
            return new Row { Features = x, Label = dot > 0, Target = dot + 0.5f };
        }).ToList();
    }

    [TestMethod]
    public void BinaryTrainerGivesMLNetsColumnsAndAHighAuc()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(2000, 1));
        var test = ml.Data.LoadFromEnumerable(Rows(500, 2));
        var model = new Sequential([Keras.Input(shape: [FeatureCount]), new Dense(8, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var transformer = ml.BinaryClassification.Trainers.Keras(model, epochs: 10, batchSize: 32, verbose: 0).Fit(train);
        var scored = transformer.Transform(test);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.AreEqual(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve}, accuracy {metrics.Accuracy}, log loss {metrics.LogLoss}; history {string.Join(", ", transformer.History["loss"])}");
        Assert.IsGreaterThan(0.97, metrics.AreaUnderRocCurve, $"AUC {metrics.AreaUnderRocCurve}");
        Assert.IsGreaterThan(0.9, metrics.Accuracy, $"accuracy {metrics.Accuracy}");

        // Probability is the network's sigmoid output, PredictedLabel is Probability > 0.5, as ML.NET's convention.
        var expected = ((Tensor)model.Predict(tensor(Rows(500, 2).SelectMany(r => r.Features).ToArray(), [500, FeatureCount]), verbose: 0)).data<float>().ToArray();
        var rows = Read<float, bool>(scored, "Probability", "PredictedLabel");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual(expected[i], rows[i].Item1, 1e-5, $"row {i}");
            Assert.AreEqual(expected[i] > 0.5f, rows[i].Item2, $"row {i}");
        }
        AssertReloadedZipMatches(ml, transformer, test, ["Score", "Probability"], predictedLabel: true);
    }

    [TestMethod]
    public void RegressionTrainerGivesAScalarScoreThatMLNetsEvaluatorReads()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Rows(2000, 3));
        var test = ml.Data.LoadFromEnumerable(Rows(500, 4));
        var model = new Sequential([Keras.Input(shape: [FeatureCount]), new Dense(1)]);
        model.Compile(optimizer: new KerasStyle.Optimizers.Adam(learningRate: 0.05), loss: "mse");
        var transformer = ml.Regression.Trainers.Keras(model, new KerasTrainerOptions { LabelColumnName = "Target", Epochs = 15, Verbose = 0 }).Fit(train);
        var scored = transformer.Transform(test);
        Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score"].Type);
        var metrics = ml.Regression.Evaluate(scored, labelColumnName: "Target");
        Assert.IsGreaterThan(0.99, metrics.RSquared, $"R² {metrics.RSquared}");
        Assert.IsLessThan(0.05, metrics.MeanAbsoluteError, $"MAE {metrics.MeanAbsoluteError}");
        AssertReloadedZipMatches(ml, transformer, test, ["Score"], predictedLabel: false);
    }

    // Loads the saved zip in a fresh context with no registration call, and checks ML.NET's scalar column types and the
    // values against the in-process transformer (the Boolean PredictedLabel too, for a binary classifier).
    static void AssertReloadedZipMatches(MLContext ml, KerasTransformer transformer, IDataView data, string[] columns, bool predictedLabel)
    {
        using var zip = new MemoryStream();
        ml.Model.Save(transformer, data.Schema, zip);
        zip.Position = 0;
        var reloaded = new MLContext().Model.Load(zip, out _);
        Assert.IsNotInstanceOfType<KerasTransformer>(reloaded, "ML.NET loads its own transforms back");
        var schema = reloaded.GetOutputSchema(data.Schema);
        foreach (var column in columns) Assert.AreEqual(NumberDataViewType.Single, schema[column].Type, column);
        Assert.AreEqual(predictedLabel, schema.GetColumnOrNull("PredictedLabel") is not null, "PredictedLabel only for a classifier");
        if (predictedLabel) Assert.AreEqual(BooleanDataViewType.Instance, schema["PredictedLabel"].Type);
        var here = transformer.Transform(data);
        var there = reloaded.Transform(data);
        foreach (var column in columns)
        {
            var expected = Read<float, float>(here, column, column);
            var actual = Read<float, float>(there, column, column);
            Assert.AreEqual(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++) Assert.AreEqual(expected[i].Item1, actual[i].Item1, 1e-5, $"{column} row {i}");
        }
        if (predictedLabel)
            CollectionAssert.AreEqual(Read<bool, bool>(here, "PredictedLabel", "PredictedLabel"), Read<bool, bool>(there, "PredictedLabel", "PredictedLabel"));
    }

    static List<(T1, T2)> Read<T1, T2>(IDataView data, string first, string second)
    {
        var result = new List<(T1, T2)>();
        using var cursor = data.GetRowCursor([data.Schema[first], data.Schema[second]]);
        var a = cursor.GetGetter<T1>(data.Schema[first]);
        var b = cursor.GetGetter<T2>(data.Schema[second]);
        T1 x = default!;
        T2 y = default!;
        while (cursor.MoveNext())
        {
            a(ref x);
            b(ref y);
            result.Add((x, y));
        }
        return result;
    }
}
