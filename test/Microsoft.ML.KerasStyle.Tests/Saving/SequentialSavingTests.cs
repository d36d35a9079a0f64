using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class SequentialSavingTests : KerasTestBase
{
    static Sequential SmallModel() => new(
    [
        Keras.Input(shape: [4]),
        new Dense(8, activation: "relu"),
        new Dropout(0.5),
        new Dense(3, activation: "softmax"),
    ]);

    [TestMethod]
    public void LoadedModelPredictsExactlyLikeTheSavedOne()
    {
        var model = SmallModel();
        var x = randn(5, 4);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "small.keras");
        model.Save(path);

        var loaded = Keras.Models.LoadModel(path);

        Assert.IsInstanceOfType<Sequential>(loaded);
        Assert.AreEqual(model.Name, loaded.Name);
        CollectionAssert.AreEqual(model.Layers.Select(l => l.Name).ToArray(), loaded.Layers.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(model.Layers.Select(l => l.GetType()).ToArray(), loaded.Layers.Select(l => l.GetType()).ToArray());
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)), "identical predictions");
        var dense = (Dense)loaded.GetLayer(model.Layers[0].Name);
        Assert.AreEqual(8, dense.Units);
        Assert.AreEqual("relu", dense.Activation.Name);
        Assert.AreEqual(0.5, ((Dropout)loaded.Layers[1]).Rate);
    }

    [TestMethod]
    public void ArchiveHoldsKerasMetadataConfigAndWeightsInThatOrder()
    {
        var model = SmallModel();
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var path = Path.Combine(TempDir(), "small.keras");
        model.Save(path);

        CollectionAssert.AreEqual(new[] { "metadata.json", "config.json", "model.weights.h5" }, EntryNames(path));
        var metadata = JsonNode.Parse(ReadEntry(path, "metadata.json"))!.AsObject();
        StringAssert.StartsWith(metadata["keras_version"]!.GetValue<string>(), "3.");
        StringAssert.Matches(metadata["date_saved"]!.GetValue<string>(), new Regex(@"^\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}$"));

        var root = Config(path);
        Assert.AreEqual("keras", root["module"]!.GetValue<string>());
        Assert.AreEqual("Sequential", root["class_name"]!.GetValue<string>());
        Assert.IsNull(root["registered_name"]);
        var config = root["config"]!.AsObject();
        Assert.AreEqual("sequential", config["name"]!.GetValue<string>());
        Assert.IsTrue(config["trainable"]!.GetValue<bool>());
        Assert.AreEqual("[null,4]", config["build_input_shape"]!.ToJsonString());
        Assert.AreEqual("[null,4]", root["build_config"]!["input_shape"]!.ToJsonString());

        var layers = config["layers"]!.AsArray();
        Assert.AreEqual(4, layers.Count, "the input layer is listed first, as Keras lists it");
        Assert.AreEqual("InputLayer", layers[0]!["class_name"]!.GetValue<string>());
        Assert.AreEqual("[null,4]", layers[0]!["config"]!["batch_shape"]!.ToJsonString());
        Assert.IsNull(layers[0]!["build_config"], "input layers have no build config");

        var dense = layers[1]!.AsObject();
        Assert.AreEqual("keras.layers", dense["module"]!.GetValue<string>());
        Assert.AreEqual("Dense", dense["class_name"]!.GetValue<string>());
        Assert.IsTrue(dense.ContainsKey("registered_name"));
        Assert.IsNull(dense["registered_name"]);
        Assert.AreEqual("[null,4]", dense["build_config"]!["input_shape"]!.ToJsonString());
        var denseConfig = dense["config"]!.AsObject();
        Assert.AreEqual("dense", denseConfig["name"]!.GetValue<string>());
        Assert.AreEqual(8, denseConfig["units"]!.GetValue<int>());
        Assert.AreEqual("relu", denseConfig["activation"]!.GetValue<string>());
        Assert.AreEqual("""{"module":"keras.initializers","class_name":"GlorotUniform","config":{"seed":null},"registered_name":null}""",
                        denseConfig["kernel_initializer"]!.ToJsonString());

        var compile = root["compile_config"]!.AsObject();
        var optimizer = compile["optimizer"]!.AsObject();
        Assert.AreEqual("keras.optimizers", optimizer["module"]!.GetValue<string>());
        Assert.AreEqual("Adam", optimizer["class_name"]!.GetValue<string>());
        // The learning rate lives in a float32 variable, as in Keras: 0.01 reads back as 0.009999999776482582.
        Assert.AreEqual(0.01, optimizer["config"]!["learning_rate"]!.GetValue<double>(), 1e-8);
        Assert.AreEqual(0.9, optimizer["config"]!["beta_1"]!.GetValue<double>());
        Assert.AreEqual("MeanSquaredError", compile["loss"]!["class_name"]!.GetValue<string>());
        Assert.AreEqual("keras.losses", compile["loss"]!["module"]!.GetValue<string>());
        foreach (var key in new[] { "loss_weights", "metrics", "weighted_metrics" }) Assert.IsTrue(compile.ContainsKey(key) && compile[key] is null, key);
    }

    [TestMethod]
    public void ConfigJsonIsWrittenAsPythonWritesIt()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Dense(1, kernelInitializer: new KerasStyle.Initializers.RandomNormal(stddev: 1e-7))]);
        var path = Path.Combine(TempDir(), "m.keras");
        model.Save(path);
        var text = ReadEntry(path, "config.json");
        // json.dumps separators and float repr: "stddev": 1e-07, "mean": 0.0.
        StringAssert.Contains(text, "\"class_name\": \"RandomNormal\", \"config\": {\"seed\": null, \"mean\": 0.0, \"stddev\": 1e-07}");
        StringAssert.StartsWith(text, "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\"");
    }

    [TestMethod]
    public void TrainingContinuesIdenticallyAfterLoading()
    {
        var model = SmallModel();
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var x = randn(64, 4);
        var y = rand(64, 3);
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        var path = Path.Combine(TempDir(), "trained.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);

        Assert.IsTrue(loaded.Compiled);
        Assert.IsInstanceOfType<Adam>(loaded.Optimizer);
        Assert.AreEqual(4L, loaded.Optimizer!.IterationCount, "the optimizer's step count is restored");
        Assert.AreEqual(model.Optimizer!.Variables.Count, loaded.Optimizer.Variables.Count);
        for (var i = 0; i < model.Optimizer.Variables.Count; i++)
            CollectionAssert.AreEqual(model.Optimizer.Variables[i].ToArray(), loaded.Optimizer.Variables[i].ToArray(), $"optimizer variable {i}");

        Keras.Utils.SetRandomSeed(7);
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        Keras.Utils.SetRandomSeed(7);
        loaded.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);

        var expected = WeightValues(model);
        var actual = WeightValues(loaded);
        for (var i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"weight {model.Weights[i].Path} after one more epoch");
        Assert.AreEqual(8L, loaded.Optimizer.IterationCount);
    }

    [TestMethod]
    public void ScheduledLearningRateRoundTrips()
    {
        var model = SmallModel();
        var schedule = new KerasStyle.Optimizers.Schedules.ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5, staircase: true);
        model.Compile(optimizer: new SGD(learningRate: schedule, momentum: 0.9), loss: "mse");
        model.Fit(randn(16, 4), rand(16, 3), epochs: 1, batchSize: 4, verbose: 0);
        var path = Path.Combine(TempDir(), "scheduled.keras");
        model.Save(path);

        var learningRate = Config(path)["compile_config"]!["optimizer"]!["config"]!["learning_rate"]!.AsObject();
        Assert.AreEqual("ExponentialDecay", learningRate["class_name"]!.GetValue<string>());
        Assert.AreEqual("keras.optimizers.schedules", learningRate["module"]!.GetValue<string>());

        var sgd = (SGD)Keras.Models.LoadModel(path).Optimizer!;
        var loadedSchedule = (KerasStyle.Optimizers.Schedules.ExponentialDecay)sgd.Schedule!;
        Assert.AreEqual(10L, loadedSchedule.DecaySteps);
        Assert.IsTrue(loadedSchedule.Staircase);
        Assert.AreEqual(0.9, sgd.Momentum);
        Assert.AreEqual(4L, sgd.IterationCount);
        Assert.AreEqual(model.Optimizer!.LearningRate, sgd.LearningRate, 1e-12);
    }

    [TestMethod]
    public void LoadingWithoutCompileLeavesTheModelUncompiled()
    {
        var model = SmallModel();
        model.Compile(optimizer: "adam", loss: "mse");
        var path = Path.Combine(TempDir(), "m.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path, compile: false);
        Assert.IsFalse(loaded.Compiled);
        Assert.IsNull(loaded.Optimizer);
        CollectionAssert.AreEqual(Values(model.Apply(ones(1, 4))), Values(loaded.Apply(ones(1, 4))));
    }

    [TestMethod]
    public void FrozenLayersAndUnbuiltSequentialRoundTrip()
    {
        var model = SmallModel();
        model.Layers[0].Trainable = false;
        var path = Path.Combine(TempDir(), "frozen.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        Assert.IsFalse(loaded.Layers[0].Trainable);
        Assert.AreEqual(model.TrainableWeights.Count, loaded.TrainableWeights.Count);

        var unbuilt = new Sequential([new Dense(2)]);
        var unbuiltPath = Path.Combine(TempDir(), "unbuilt.keras");
        unbuilt.Save(unbuiltPath);
        var reloaded = (Sequential)Keras.Models.LoadModel(unbuiltPath);
        Assert.IsFalse(reloaded.Built);
        Assert.AreEqual(1, reloaded.Layers.Count);
    }

    [TestMethod]
    public void ModelBuiltByBuildRoundTrips()
    {
        var model = new Sequential([new Dense(3, activation: "tanh"), new Dense(1)]);
        model.Build([null, 5]);
        var x = randn(2, 5);
        var path = Path.Combine(TempDir(), "built.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(loaded.Apply(x)));
    }
}
