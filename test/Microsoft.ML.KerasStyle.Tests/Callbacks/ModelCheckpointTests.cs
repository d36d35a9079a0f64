using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class ModelCheckpointTests : KerasTestBase
{
    static Model BuiltModel() => new Sequential([Keras.Input(shape: [2]), new Dense(1)]);

    static ModelCheckpoint Attach(ModelCheckpoint checkpoint, Model model)
    {
        checkpoint.SetModel(model);
        checkpoint.SetParams(new Dictionary<string, object?> { ["epochs"] = 5, ["steps"] = 4, ["verbose"] = 0 });
        return checkpoint;
    }

    static void Epoch(Callback callback, int epoch, params (string Key, double Value)[] logs)
    {
        callback.OnEpochBegin(epoch, new Logs());
        callback.OnEpochEnd(epoch, new Logs(logs.Select(l => new KeyValuePair<string, double>(l.Key, l.Value))));
    }

    static string[] Files(string directory) => Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [TestMethod]
    public void FileNamesAreFilledFromTheEpochAndTheLogs()
    {
        var directory = TempDir();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "{epoch:02d}-{val_loss:.2f}.keras")), BuiltModel());
        Epoch(checkpoint, 0, ("loss", 0.9), ("val_loss", 0.5));
        Epoch(checkpoint, 1, ("loss", 0.8), ("val_loss", 0.456));
        CollectionAssert.AreEqual(new[] { "01-0.50.keras", "02-0.46.keras" }, Files(directory), "epochs are 1-based in names, as in Keras");
        Assert.IsNotNull(Keras.Models.LoadModel(Path.Combine(directory, "02-0.46.keras")));
    }

    [TestMethod]
    public void SaveBestOnlyWritesOnlyOnImprovement()
    {
        var directory = TempDir();
        var model = BuiltModel();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "ckpt-{epoch}.keras"), saveBestOnly: true), model);
        Epoch(checkpoint, 0, ("val_loss", 0.5));
        Epoch(checkpoint, 1, ("val_loss", 0.7));
        Epoch(checkpoint, 2, ("val_loss", 0.3));
        Epoch(checkpoint, 3, ("val_loss", 0.3));
        CollectionAssert.AreEqual(new[] { "ckpt-1.keras", "ckpt-3.keras" }, Files(directory));
        Assert.AreEqual(0.3, checkpoint.Best);
    }

    [TestMethod]
    public void SaveBestOnlyKeepsTheBestModelInOneFile()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "best.keras");
        var model = BuiltModel();
        var checkpoint = Attach(new ModelCheckpoint(path, monitor: "val_accuracy", mode: "max", saveBestOnly: true), model);
        var x = ones(1, 2);
        model.Weights[0].Assign(1.0);
        Epoch(checkpoint, 0, ("val_accuracy", 0.6));
        model.Weights[0].Assign(2.0);
        Epoch(checkpoint, 1, ("val_accuracy", 0.5)); // worse: the file keeps the first weights
        var best = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(new[] { 1f, 1f }, best.Weights[0].ToArray());
        model.Weights[0].Assign(3.0);
        Epoch(checkpoint, 2, ("val_accuracy", 0.9));
        CollectionAssert.AreEqual(new[] { 3f, 3f }, Keras.Models.LoadModel(path).Weights[0].ToArray());
        CollectionAssert.AreEqual(new[] { "best.keras" }, Files(directory));
    }

    [TestMethod]
    public void InitialValueThresholdMustBeBeaten()
    {
        var directory = TempDir();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "m{epoch}.keras"), saveBestOnly: true, initialValueThreshold: 0.4), BuiltModel());
        Epoch(checkpoint, 0, ("val_loss", 0.5));
        Epoch(checkpoint, 1, ("val_loss", 0.35));
        CollectionAssert.AreEqual(new[] { "m2.keras" }, Files(directory));
    }

    [TestMethod]
    public void MissingMonitorSavesWithAWarningAsKerasDoes()
    {
        var directory = TempDir();
        var warnings = new StringWriter();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "m.keras"), saveBestOnly: true) { WarningOutput = warnings }, BuiltModel());
        Epoch(checkpoint, 0, ("loss", 0.5));
        CollectionAssert.AreEqual(new[] { "m.keras" }, Files(directory));
        StringAssert.Contains(warnings.ToString(), "Can save best model only with val_loss available.");
    }

    [TestMethod]
    public void WeightsOnlyCheckpointsWriteWeightFiles()
    {
        var directory = TempDir();
        var model = BuiltModel();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "w-{epoch}.weights.h5"), saveWeightsOnly: true), model);
        Epoch(checkpoint, 0, ("val_loss", 1.0));
        var copy = BuiltModel();
        copy.LoadWeights(Path.Combine(directory, "w-1.weights.h5"));
        CollectionAssert.AreEqual(model.Weights[0].ToArray(), copy.Weights[0].ToArray());
    }

    [TestMethod]
    public void ExtensionsAreRequiredAsInKeras()
    {
        var weights = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("model.keras", saveWeightsOnly: true));
        StringAssert.Contains(weights.Message, ".weights.h5");
        var full = Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("model.h5"));
        StringAssert.Contains(full.Message, ".keras");
        Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m.keras", saveFreq: "batch"));
        Assert.ThrowsExactly<ArgumentException>(() => new ModelCheckpoint("m.keras", saveFreq: 0));
    }

    [TestMethod]
    public void BatchFrequencyCountsBatchesAcrossEpochs()
    {
        var directory = TempDir();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "e{epoch}-b{batch}.keras"), saveFreq: 3), BuiltModel());
        for (var epoch = 0; epoch < 2; epoch++)
        {
            checkpoint.OnEpochBegin(epoch, new Logs());
            for (var batch = 0; batch < 4; batch++) checkpoint.OnTrainBatchEnd(batch, new Logs { ["loss"] = 0.1 });
            checkpoint.OnEpochEnd(epoch, new Logs { ["loss"] = 0.1 });
        }
        // Batches 1..8 overall; every third: epoch 1 batch 3, epoch 2 batch 2 (the 6th).
        CollectionAssert.AreEqual(new[] { "e1-b3.keras", "e2-b2.keras" }, Files(directory));
    }

    [TestMethod]
    public void VerboseReportsEachDecision()
    {
        var output = new StringWriter();
        var directory = TempDir();
        var path = Path.Combine(directory, "m.keras");
        var checkpoint = Attach(new ModelCheckpoint(path, verbose: 1, saveBestOnly: true) { Output = output }, BuiltModel());
        Epoch(checkpoint, 0, ("val_loss", 0.5));
        Epoch(checkpoint, 1, ("val_loss", 0.6));
        var text = output.ToString();
        StringAssert.Contains(text, $"Epoch 1: val_loss improved from None to 0.50000, saving model to {path}");
        StringAssert.Contains(text, "Epoch 2: val_loss did not improve from 0.50000");
    }

    [TestMethod]
    public void CheckpointDuringFitWritesLoadableModels()
    {
        var directory = TempDir();
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4, activation: "relu"), new Dense(1)]);
        model.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mse");
        var x = randn(32, 3);
        var y = randn(32, 1);
        model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, validationData: (x, y),
                  callbacks: [new ModelCheckpoint(Path.Combine(directory, "model-{epoch:02d}.keras"))]);
        CollectionAssert.AreEqual(new[] { "model-01.keras", "model-02.keras", "model-03.keras" }, Files(directory));
        var last = Keras.Models.LoadModel(Path.Combine(directory, "model-03.keras"));
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(last.Apply(x)));
    }
}
