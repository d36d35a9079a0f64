using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.Tests.Training;

[TestClass]
public sealed class FitTests : KerasTestBase
{
    /// <summary>Records every hook Fit calls, in order.</summary>
    sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = [];
        public int StopAfterBatches { get; init; } = int.MaxValue;
        public override void OnTrainBegin(Logs logs) => Calls.Add("train_begin");
        public override void OnTrainEnd(Logs logs) => Calls.Add("train_end");
        public override void OnEpochBegin(int epoch, Logs logs) => Calls.Add($"epoch_begin {epoch}");
        public override void OnEpochEnd(int epoch, Logs logs) => Calls.Add($"epoch_end {epoch} [{string.Join(",", logs.Keys)}]");
        public override void OnTrainBatchBegin(int batch, Logs logs) => Calls.Add($"batch_begin {batch}");
        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            Calls.Add($"batch_end {batch}");
            if (Calls.Count(c => c.StartsWith("batch_end")) >= StopAfterBatches) Model.StopTraining = true;
        }
        public override void OnTestBegin(Logs logs) => Calls.Add("test_begin");
        public override void OnTestEnd(Logs logs) => Calls.Add("test_end");
        public override void OnTestBatchEnd(int batch, Logs logs) => Calls.Add($"test_batch_end {batch}");
    }

    static Sequential Regression()
    {
        var model = new Sequential([Keras.Input(shape: [1]), new Dense(1)]);
        return model;
    }

    [TestMethod]
    public void OneSgdStepOnMseMatchesTheHandDerivedGradient()
    {
        var model = Regression();
        var dense = (Dense)model.Layers[0];
        dense.Kernel!.Assign(tensor(new float[] { 0.5f }, [1, 1]));
        dense.Bias!.Assign(tensor(new float[] { 0f }, [1]));
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        float[] xs = [1, 2, 3, 4];
        float[] ys = [3, 5, 7, 9];
        model.Fit(tensor(xs, [4, 1]), tensor(ys, [4, 1]), batchSize: 4, epochs: 1, shuffle: false, verbose: 0);
        // loss = mean((w x + b − y)²); dL/dw = 2/n Σ (w x + b − y) x, dL/db = 2/n Σ (w x + b − y)
        double w = 0.5, b = 0, gw = 0, gb = 0;
        for (var i = 0; i < 4; i++)
        {
            var r = w * xs[i] + b - ys[i];
            gw += 2.0 / 4 * r * xs[i];
            gb += 2.0 / 4 * r;
        }
        Assert.AreEqual(w - 0.1 * gw, dense.Kernel.ToArray()[0], 1e-5);
        Assert.AreEqual(b - 0.1 * gb, dense.Bias.ToArray()[0], 1e-5);
    }

    [TestMethod]
    public void FitLearnsALineAndReturnsHistory()
    {
        var model = Regression();
        model.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse", metrics: ["mae"]);
        var x = rand(256, 1) * 2 - 1;
        var y = x * 2 + 1;
        var history = model.Fit(x, y, epochs: 30, batchSize: 16, verbose: 0, validationSplit: 0.25);
        Assert.AreSame(history, model.History);
        CollectionAssert.AreEqual(Enumerable.Range(0, 30).ToList(), history.Epoch);
        CollectionAssert.AreEquivalent(new[] { "loss", "mae", "val_loss", "val_mae" }, history.Values.Keys.ToArray());
        Assert.IsTrue(history["loss"][^1] < 0.01, $"final loss {history["loss"][^1]}");
        Assert.IsTrue(history["loss"][^1] < history["loss"][0]);
        var result = model.Evaluate(x, y, verbose: 0);
        Assert.AreEqual("loss", result.Names[0]);
        Assert.IsTrue(result.Loss < 0.01);
    }

    [TestMethod]
    public void HooksRunInKerasOrder()
    {
        var model = Regression();
        model.Compile(optimizer: "sgd", loss: "mse");
        var recorder = new Recorder();
        model.Fit(ones(4, 1), ones(4, 1), batchSize: 2, epochs: 1, verbose: 0, callbacks: [recorder], validationData: (ones(2, 1), ones(2, 1)));
        CollectionAssert.AreEqual(new[]
        {
            "train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
            "test_begin", "test_batch_end 0", "test_end", "epoch_end 0 [loss,val_loss]", "train_end",
        }, recorder.Calls);
    }

    [TestMethod]
    public void StopTrainingFromACallbackEndsAfterTheBatch()
    {
        var model = Regression();
        model.Compile(optimizer: "sgd", loss: "mse");
        var recorder = new Recorder { StopAfterBatches = 3 };
        var history = model.Fit(ones(20, 1), ones(20, 1), batchSize: 2, epochs: 5, verbose: 0, callbacks: [recorder]);
        Assert.AreEqual(3, recorder.Calls.Count(c => c.StartsWith("batch_end")));
        Assert.AreEqual(1, history.Epoch.Count);
    }

    [TestMethod]
    public void StepsPerEpochAndInitialEpoch()
    {
        var model = Regression();
        model.Compile(optimizer: "sgd", loss: "mse");
        var recorder = new Recorder();
        var history = model.Fit(ones(10, 1), ones(10, 1), batchSize: 2, epochs: 4, initialEpoch: 2, stepsPerEpoch: 3, verbose: 0, callbacks: [recorder]);
        CollectionAssert.AreEqual(new List<int> { 2, 3 }, history.Epoch);
        Assert.AreEqual(6, recorder.Calls.Count(c => c.StartsWith("batch_end")));
    }

    [TestMethod]
    public void ZeroSampleAndClassWeightsLeaveTheWeightsAlone()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: new SGD(learningRate: 0.5), loss: "sparse_categorical_crossentropy");
        var before = model.GetWeights().Select(LayerTestHarness.Values).ToList();
        var x = randn(8, 3);
        var y = tensor(new long[] { 0, 1, 0, 1, 0, 1, 0, 1 });
        model.Fit(x, y, sampleWeight: zeros(8), epochs: 1, verbose: 0);
        model.Fit(x, y, classWeight: new Dictionary<int, double> { [0] = 0, [1] = 0 }, epochs: 1, verbose: 0);
        var after = model.GetWeights().Select(LayerTestHarness.Values).ToList();
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], after[i]);
        model.Fit(x, y, classWeight: new Dictionary<int, double> { [0] = 1 }, epochs: 1, verbose: 0);
        CollectionAssert.AreNotEqual(before[0], LayerTestHarness.Values(model.GetWeights()[0]));
    }

    [TestMethod]
    public void MultiInputMultiOutputByNameLogsPerOutput()
    {
        var title = Keras.Input(shape: [20], name: "title");
        var tags = Keras.Input(shape: [5], name: "tags");
        var features = new Dense(8, activation: "relu").Apply(new Concatenate().Apply(title, tags));
        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(features);
        var department = new Dense(4, activation: "softmax", name: "department").Apply(features);
        var model = new Model([title, tags], [priority, department]);
        model.Compile(optimizer: "rmsprop",
            loss: new() { ["priority"] = "mean_squared_error", ["department"] = "categorical_crossentropy" },
            metrics: new() { ["priority"] = ["mean_squared_error"], ["department"] = ["categorical_crossentropy"] });
        const int n = 64;
        var x = new ModelData { ["title"] = randint(0, 2, [n, 20]), ["tags"] = randint(0, 2, [n, 5]) };
        var y = new ModelData { ["priority"] = rand(n, 1), ["department"] = nn.functional.one_hot(randint(0, 4, [n]), 4).to(ScalarType.Float32) };
        var history = model.Fit(x, y, epochs: 1, verbose: 0);
        CollectionAssert.AreEquivalent(
            new[] { "loss", "priority_loss", "department_loss", "priority_mean_squared_error", "department_categorical_crossentropy" },
            history.Values.Keys.ToArray());
        var result = model.Evaluate(x, y, verbose: 0);
        // The total loss is the sum of the per-output losses (weights 1).
        Assert.AreEqual(result["priority_loss"] + result["department_loss"], result.Loss, 1e-4);
        var (p, d) = model.Predict(x, verbose: 0);
        CollectionAssert.AreEqual(new long[] { n, 1 }, p.shape);
        CollectionAssert.AreEqual(new long[] { n, 4 }, d.shape);
    }

    [TestMethod]
    public void PredictInBatchesEqualsOneCall()
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(3, activation: "tanh")]);
        var x = randn(23, 4);
        var predicted = model.Predict(x, batchSize: 7, verbose: 0);
        LayerTestHarness.AssertClose(LayerTestHarness.Values(model.Apply(x)), predicted, 1e-6);
        var fromArray = model.Predict(new float[2, 4], verbose: 0);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, ((Tensor)fromArray).shape);
    }

    [TestMethod]
    public void ClearErrorsForBadCalls()
    {
        var model = Regression();
        var notCompiled = Assert.ThrowsExactly<InvalidOperationException>(() => model.Fit(ones(2, 1), ones(2, 1), verbose: 0));
        StringAssert.Contains(notCompiled.Message, "You must call Compile() before Fit");
        model.Compile(optimizer: "sgd", loss: "mse");
        var lengths = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(ones(5, 1), ones(4, 1), verbose: 0));
        StringAssert.Contains(lengths.Message, "has 5 samples but");
        StringAssert.Contains(lengths.Message, "has 4");
        var symbolic = Assert.ThrowsExactly<ArgumentException>(() => model.Predict(new ModelData { Keras.Input(shape: [1]) }, verbose: 0));
        StringAssert.Contains(symbolic.Message, "symbolic tensor");
        var unknownOptimizer = Assert.ThrowsExactly<ArgumentException>(() => model.Compile(optimizer: "adamax2", loss: "mse"));
        StringAssert.Contains(unknownOptimizer.Message, "Known optimizers: ");
    }

    [TestMethod]
    public void MissingNamedTargetListsTheOutputNames()
    {
        var a = Keras.Input(shape: [2], name: "a");
        var model = new Model(a, new Dense(1, name: "score").Apply(a));
        model.Compile(optimizer: "sgd", loss: "mse");
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(new ModelData { ["a"] = ones(2, 2) }, new ModelData { ["scores"] = ones(2, 1) }, verbose: 0));
        StringAssert.Contains(error.Message, "missing output(s) ['score']");
    }

    [TestMethod]
    public void FitOnADatasetEqualsFitOnTheSameTensors()
    {
        var x = randn(12, 3);
        var y = randint(0, 2, [12]);
        Sequential Make()
        {
            Keras.ClearSession();
            Keras.Utils.SetRandomSeed(5);
            var m = new Sequential([Keras.Input(shape: [3]), new Dense(2, activation: "softmax")]);
            m.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
            return m;
        }
        var fromTensors = Make();
        var h1 = fromTensors.Fit(x, y, batchSize: 4, epochs: 2, shuffle: false, verbose: 0);
        var fromDataset = Make();
        var h2 = fromDataset.Fit(Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(x, y).Batch(4), epochs: 2, verbose: 0,
                                 validationData: Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(x, y).Batch(5));
        for (var i = 0; i < 2; i++)
            CollectionAssert.AreEqual(LayerTestHarness.Values(fromTensors.GetWeights()[i]), LayerTestHarness.Values(fromDataset.GetWeights()[i]));
        CollectionAssert.AreEqual(h1["loss"].ToList(), h2["loss"].ToList());
        Assert.AreEqual(2, h2["val_loss"].Count);
        var evaluated = fromDataset.Evaluate(Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(x, y).Batch(5), verbose: 0);
        Assert.AreEqual(fromDataset.Evaluate(x, y, verbose: 0).Loss, evaluated.Loss, 1e-6);
        var predicted = fromDataset.Predict(Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(x).Batch(5), verbose: 0);
        LayerTestHarness.AssertClose(LayerTestHarness.Values(fromDataset.Apply(x)), predicted, 1e-6);
    }

    [TestMethod]
    public void EndlessDatasetNeedsStepsPerEpoch()
    {
        var model = Regression();
        model.Compile(optimizer: "sgd", loss: "mse");
        var endless = Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(ones(4, 1), ones(4, 1)).Batch(2).Repeat();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => model.Fit(endless, verbose: 0)).Message, "stepsPerEpoch");
        var recorder = new Recorder();
        model.Fit(endless, epochs: 2, stepsPerEpoch: 3, verbose: 0, callbacks: [recorder]);
        Assert.AreEqual(6, recorder.Calls.Count(c => c.StartsWith("batch_end")));
    }

    [TestMethod]
    public void FrozenModelTrainsNothingWithoutCrashing()
    {
        var model = new Sequential([Keras.Input(shape: [1]), new Dense(1, trainable: false)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var before = LayerTestHarness.Values(model.GetWeights()[0]);
        var history = model.Fit(ones(4, 1), ones(4, 1), epochs: 1, verbose: 0);
        Assert.AreEqual(1, history["loss"].Count);
        CollectionAssert.AreEqual(before, LayerTestHarness.Values(model.GetWeights()[0]));
    }

    [TestMethod]
    public void NanLossShowsInHistoryWithoutStopping()
    {
        var model = Regression();
        model.Compile(optimizer: "sgd", loss: "mse");
        var history = model.Fit(tensor(new[] { float.NaN, 1f }, [2, 1]), ones(2, 1), epochs: 2, verbose: 0);
        Assert.AreEqual(2, history.Epoch.Count);
        Assert.IsTrue(double.IsNaN(history["loss"][^1]));
    }
}
