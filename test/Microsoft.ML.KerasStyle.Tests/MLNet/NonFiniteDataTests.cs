extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using DataKind = MicrosoftML::Microsoft.ML.Data.DataKind;
using TextLoaderColumn = MicrosoftML::Microsoft.ML.Data.TextLoader.Column;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// A NaN or infinite value in the data never turns an ML.NET trainer's model NaN: Fit fails before the row reaches the
/// model, naming the column, the value and the row (its index in the data, whatever the shuffling), or leaves the row
/// out when asked; weights that training itself made non-finite fail Fit, saying where the loss stopped being finite.
/// It used to "succeed" with NaN weights, scoring every row NaN.
/// </summary>
[TestClass]
public sealed class NonFiniteDataTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(8)]
        public float[] Features { get; set; } = [];

        [VectorType(2)]
        public double[] Wide { get; set; } = [0, 0];

        public float Target { get; set; }

        public float Weight { get; set; } = 1;
    }

    static List<Row> Rows(int count, int seed = 1) =>
        BinaryAndRegressionTrainerTests.Rows(count, seed).Select(r => new Row { Features = r.Features, Target = r.Target }).ToList();

    static Sequential Regressor(double learningRate = 0.01)
    {
        Keras.Utils.SetRandomSeed(7);
        var model = new Sequential([Keras.Input(shape: [8]), new Dense(1)]);
        model.Compile(optimizer: new KerasStyle.Optimizers.SGD(learningRate: learningRate), loss: "mse");
        return model;
    }

    static KerasTrainerOptions Options(Action<KerasTrainerOptions>? change = null)
    {
        var options = new KerasTrainerOptions { LabelColumnName = "Target", Epochs = 2, Verbose = 0 };
        change?.Invoke(options);
        return options;
    }

    static void AssertFinite(Model model)
    {
        foreach (var w in model.GetWeights()) Assert.IsTrue(w.data<float>().ToArray().All(float.IsFinite), "the weights stay finite");
    }

    static InvalidOperationException FitFails(List<Row> rows, KerasTrainerOptions options, Sequential? model = null)
    {
        var ml = new MLContext(seed: 1);
        model ??= Regressor();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Regression.Trainers.Keras(model, options).Fit(ml.Data.LoadFromEnumerable(rows)));
        return error;
    }

    [TestMethod]
    public void ANaNFeatureFailsFitNamingTheColumnTheValueAndTheRowWhateverTheShuffling()
    {
        var rows = Rows(300);
        rows[217].Features[3] = float.NaN;
        var model = Regressor();
        // Shuffled through ML.NET's pool and read ahead on a background thread (the defaults): the row is still row 217.
        var error = FitFails(rows, Options(), model);
        StringAssert.StartsWith(error.Message,
            "ml.Regression.Trainers.Keras: the feature column 'Features' holds NaN (value 3 of the row's 8) at row 217 of the IDataView given to Fit.");
        StringAssert.Contains(error.Message, "FilterRowsByMissingValues");
        StringAssert.Contains(error.Message, "KerasTrainerOptions.SkipRowsWithNonFiniteValues");
        AssertFinite(model);
    }

    [TestMethod]
    public void RowsOfTextAndBinaryFilesAreNamedByTheirIndexInTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("kerasstyle-nonfinite-").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            var rows = Rows(120);
            rows[83].Features[5] = float.NaN;
            var csv = Path.Combine(directory, "rows.csv");
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            File.WriteAllLines(csv, ["f0,f1,f2,f3,f4,f5,f6,f7,target", .. rows.Select(r => string.Join(",", r.Features.Select(f => f.ToString(culture))) + "," + r.Target.ToString(culture))]);
            var text = ml.Data.LoadFromTextFile(csv, [new TextLoaderColumn("Features", DataKind.Single, 0, 7), new TextLoaderColumn("Target", DataKind.Single, 8)], separatorChar: ',', hasHeader: true);
            const string Expected = "ml.Regression.Trainers.Keras: the feature column 'Features' holds NaN (value 5 of the row's 8) at row 83 of the IDataView given to Fit.";
            StringAssert.StartsWith(Assert.ThrowsExactly<InvalidOperationException>(() => ml.Regression.Trainers.Keras(Regressor(), Options()).Fit(text)).Message, Expected);
            var idv = Path.Combine(directory, "rows.idv");
            using (var stream = File.Create(idv)) ml.Data.SaveAsBinary(text, stream);
            StringAssert.StartsWith(Assert.ThrowsExactly<InvalidOperationException>(() => ml.Regression.Trainers.Keras(Regressor(), Options()).Fit(ml.Data.LoadFromBinary(idv))).Message, Expected);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void NonFiniteLabelsAndWeightsAndOverflowingDoublesFailToo()
    {
        var rows = Rows(50);
        rows[5].Target = float.PositiveInfinity;
        StringAssert.StartsWith(FitFails(rows, Options(o => o.Shuffle = false)).Message, "ml.Regression.Trainers.Keras: the label column 'Target' holds +∞ at row 5 of the IDataView given to Fit.");

        rows = Rows(50);
        rows[9].Weight = float.NaN;
        StringAssert.StartsWith(FitFails(rows, Options(o => o.ExampleWeightColumnName = "Weight")).Message,
            "ml.Regression.Trainers.Keras: the example weight column 'Weight' holds NaN at row 9");

        // A Double beyond float32's range becomes -∞ in the model's float32 tensor.
        rows = Rows(50);
        rows[11].Wide = [1, -1e300];
        var wide = new Sequential([Keras.Input(shape: [2]), new Dense(1)]);
        wide.Compile(optimizer: "sgd", loss: "mse");
        StringAssert.StartsWith(FitFails(rows, Options(o => o.FeatureColumnName = "Wide"), wide).Message,
            "ml.Regression.Trainers.Keras: the feature column 'Wide' holds -∞ (value 1 of the row's 2) at row 11");
    }

    [TestMethod]
    public void ValidationRowsAreCheckedAndNamedToo()
    {
        var rows = Rows(200);
        rows[195].Features[0] = float.NaN;
        // ValidationSplit holds out the last 20 rows; their ids are still those of the data given to Fit.
        StringAssert.StartsWith(FitFails(rows, Options(o => o.ValidationSplit = 0.1)).Message,
            "ml.Regression.Trainers.Keras: the feature column 'Features' holds NaN (value 0 of the row's 8) at row 195 of the IDataView given to Fit.");
        var ml = new MLContext(seed: 1);
        var validation = Rows(20, seed: 2);
        validation[4].Target = float.NaN;
        StringAssert.StartsWith(FitFails(Rows(100), Options(o => o.ValidationData = ml.Data.LoadFromEnumerable(validation))).Message,
            "ml.Regression.Trainers.Keras: the label column 'Target' holds NaN at row 4 of KerasTrainerOptions.ValidationData.");
    }

    [TestMethod]
    public void SkipRowsWithNonFiniteValuesTrainsExactlyAsOnTheRowsLeft()
    {
        var rows = Rows(200);
        rows[3].Features[1] = float.NaN;
        rows[64].Target = float.NegativeInfinity;
        rows[150].Features[7] = float.PositiveInfinity;
        var clean = rows.Where((_, i) => i is not (3 or 64 or 150)).ToList();
        var ml = new MLContext(seed: 1);
        var skipping = Regressor();
        var skipped = ml.Regression.Trainers.Keras(skipping, Options(o => { o.Shuffle = false; o.SkipRowsWithNonFiniteValues = true; })).Fit(ml.Data.LoadFromEnumerable(rows));
        var reference = Regressor();
        var cleaned = ml.Regression.Trainers.Keras(reference, Options(o => o.Shuffle = false)).Fit(ml.Data.LoadFromEnumerable(clean));
        CollectionAssert.AreEqual(cleaned.History["loss"].ToList(), skipped.History["loss"].ToList());
        for (var i = 0; i < reference.GetWeights().Count; i++)
            CollectionAssert.AreEqual(reference.GetWeights()[i].data<float>().ToArray(), skipping.GetWeights()[i].data<float>().ToArray(), $"weight {i}");
        AssertFinite(skipping);
    }

    [TestMethod]
    public void SkippingEveryRowFails()
    {
        var rows = Rows(40);
        foreach (var row in rows) row.Features[0] = float.NaN;
        StringAssert.StartsWith(FitFails(rows, Options(o => o.SkipRowsWithNonFiniteValues = true)).Message,
            "ml.Regression.Trainers.Keras: every row of the IDataView given to Fit (40) holds a NaN or infinite value in a column read ('Features', 'Target'), " +
            "so SkipRowsWithNonFiniteValues left none to train on.");
    }

    /// <summary>Notes the first batch whose loss was not finite, as an independent witness.</summary>
    sealed class FirstNonFiniteLoss : Callback
    {
        int epoch;
        public (int Epoch, int Batch)? First { get; private set; }
        public override void OnEpochBegin(int epoch, Logs logs) => this.epoch = epoch;
        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            if (First is null && !double.IsFinite(logs["loss"])) First = (epoch, batch);
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ALearningRateThatDivergesFailsFitSayingWhereTheLossStoppedBeingFinite(bool terminateOnNaN)
    {
        var witness = new FirstNonFiniteLoss();
        var rows = Rows(640);
        foreach (var row in rows) row.Target *= 1000;
        List<Callback> callbacks = terminateOnNaN ? [witness, new TerminateOnNaN { Output = TextWriter.Null }] : [witness];
        var error = FitFails(rows, Options(o => { o.Epochs = 3; o.Callbacks = callbacks; }), Regressor(learningRate: 5));
        Assert.IsNotNull(witness.First, "the loss did diverge");
        var (epoch, batch) = witness.First.Value;
        // Stopped by TerminateOnNaN, the loss may have overflowed before the weights did.
        StringAssert.StartsWith(error.Message, $"ml.Regression.Trainers.Keras: training {(terminateOnNaN ? "of model 'sequential' ended on a loss of " : "made the weights of model 'sequential' non-finite (weight 'dense/")}");
        StringAssert.Contains(error.Message, $"the training loss first became ");
        StringAssert.Contains(error.Message, $" in epoch {epoch + 1}/3, at batch {batch}. Every row trained on was finite, so training diverged: lower the optimizer's learning rate");
    }
}
