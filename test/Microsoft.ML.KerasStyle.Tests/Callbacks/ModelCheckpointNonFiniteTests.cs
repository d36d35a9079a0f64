using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

/// <summary>
/// ModelCheckpoint never overwrites the last good checkpoint with NaN weights. In Keras, TerminateOnNaN stops after the
/// batch whose update made the weights NaN, the epoch still ends, and ModelCheckpoint saves them; with save_best_only a
/// NaN first value is saved as an improvement and nothing improves on it afterwards.
/// </summary>
[TestClass]
public sealed class ModelCheckpointNonFiniteTests : KerasTestBase
{
    static Model BuiltModel() => new Sequential([Keras.Input(shape: [2]), new Dense(1)]);

    static T Attach<T>(T callback, Model model) where T : Callback
    {
        callback.SetModel(model);
        callback.SetParams(new Dictionary<string, object?> { ["epochs"] = 5, ["steps"] = 4, ["verbose"] = 0 });
        return callback;
    }

    static void Epoch(Callback callback, int epoch, double valLoss)
    {
        callback.OnEpochBegin(epoch, new Logs());
        callback.OnEpochEnd(epoch, new Logs { ["val_loss"] = valLoss });
    }

    [TestMethod]
    public void TerminateOnNaNLeavesTheLastGoodCheckpointInPlace()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "last.keras");
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(1)]);
        model.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mse");
        var x = randn(16, 3);
        var y = randn(16, 1);
        float[]? afterFirstEpoch = null;
        // The data turns NaN in the second epoch (the batches are views of x).
        var poison = new LambdaCallback(onEpochEnd: (epoch, _) =>
        {
            if (epoch != 0) return;
            afterFirstEpoch = model.Weights.SelectMany(w => w.ToArray()).ToArray();
            x[5, 1] = tensor(float.NaN);
        });
        var warnings = new StringWriter();
        var output = new StringWriter();
        var history = model.Fit(x, y, epochs: 3, batchSize: 4, shuffle: false, verbose: 0,
            callbacks: [poison, new TerminateOnNaN { Output = output }, new ModelCheckpoint(path) { WarningOutput = warnings }]);

        StringAssert.Contains(output.ToString(), "Batch 1: Invalid loss, terminating training");
        Assert.HasCount(2, history.Epoch, "Keras's Fit returns normally: the second epoch ended after its NaN batch");
        Assert.IsTrue(model.Weights.SelectMany(w => w.ToArray()).Any(float.IsNaN), "the model's weights are NaN, as in Keras");
        CollectionAssert.AreEqual(afterFirstEpoch, Keras.Models.LoadModel(path).Weights.SelectMany(w => w.ToArray()).ToArray(),
            "the checkpoint still holds the weights of the first epoch");
        StringAssert.Contains(warnings.ToString(), $"ModelCheckpoint: not saving to {path}: weight 'dense/kernel' of model 'sequential' holds NaN");
        StringAssert.Contains(warnings.ToString(), "the last checkpoint saved is left as it was.");
    }

    [TestMethod]
    public void NonFiniteWeightsAreNeverSavedEvenWithSaveBestOnly()
    {
        var directory = TempDir();
        var model = BuiltModel();
        var warnings = new StringWriter();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "m{epoch}.weights.h5"), saveWeightsOnly: true, saveBestOnly: true) { WarningOutput = warnings }, model);
        model.Weights[0].Assign(double.PositiveInfinity);
        Epoch(checkpoint, 0, 0.5);
        Assert.IsEmpty(Directory.GetFiles(directory));
        Assert.IsNull(checkpoint.Best, "a skipped save is no best value");
        StringAssert.Contains(warnings.ToString(), "holds +∞");
        model.Weights[0].Assign(1.0);
        Epoch(checkpoint, 1, 0.6);
        CollectionAssert.AreEqual(new[] { "m2.weights.h5" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ANaNMonitoredValueIsNeverAnImprovement()
    {
        // Keras would save epoch 1 (NaN beats "no best yet") and then nothing (no value beats NaN).
        var directory = TempDir();
        var checkpoint = Attach(new ModelCheckpoint(Path.Combine(directory, "m{epoch}.keras"), saveBestOnly: true), BuiltModel());
        Epoch(checkpoint, 0, double.NaN);
        Epoch(checkpoint, 1, 0.5);
        Epoch(checkpoint, 2, double.PositiveInfinity);
        Epoch(checkpoint, 3, 0.4);
        CollectionAssert.AreEqual(new[] { "m2.keras", "m4.keras" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.AreEqual(0.4, checkpoint.Best);
    }
}
