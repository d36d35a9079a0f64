using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;
using static Microsoft.ML.KerasStyle.Tests.Saving.KerasFixtures;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Files written by Python Keras 3 (shared/fixtures/keras3): their architecture, weights and optimizer state load, and
/// the loaded models reproduce outputs computed independently (NumPy) from the same weights.
/// </summary>
[TestClass]
public sealed class KerasFixtureTests : KerasTestBase
{
    [TestMethod]
    public void TabularMlpLoadsWithItsLeakyReLULayersAndReproducesTheReference()
    {
        var reference = Reference(Tabular);
        var model = Keras.Models.LoadModel(Fixture(Tabular), compile: false);

        Assert.IsInstanceOfType<Sequential>(model);
        CollectionAssert.AreEqual(new[] { "dense", "dropout", "dense_1", "leaky_re_lu", "dense_2", "leaky_re_lu_1", "dense_3" },
                                  model.Layers.Select(l => l.Name).ToArray());
        Assert.AreEqual(0.2, ((LeakyReLU)model.Layers[3]).NegativeSlope);
        Assert.AreEqual("he_normal", KerasStyle.Initializers.InitializerRegistry.NameOf(((Dense)model.Layers[0]).KernelInitializer));
        var x = tensor(Flat(reference["inputs"]!)).reshape(-1, 2);
        AssertClose(Flat(reference["outputs"]!), Predict(model, x), 1e-5, "tabular outputs");
    }

    [TestMethod]
    public void FashionCnnLoadsAndReproducesTheReference()
    {
        var reference = Reference(Fashion);
        var model = Keras.Models.LoadModel(Fixture(Fashion), compile: false);
        CollectionAssert.AreEqual(new[] { typeof(Conv2D), typeof(MaxPooling2D), typeof(Conv2D), typeof(MaxPooling2D), typeof(Flatten), typeof(Dropout), typeof(Dense), typeof(Dense) },
                                  model.Layers.Select(l => l.GetType()).ToArray());
        var outputs = Predict(model, FashionImages(64));
        AssertClose(Flat(reference["outputs"]!), outputs, 1e-5, "fashion outputs");
        var argmax = outputs.Chunk(10).Select(p => Array.IndexOf(p, p.Max())).ToArray();
        CollectionAssert.AreEqual(reference["argmax"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray(), argmax);
    }

    [TestMethod]
    public void DigitsCnnMapsLayerNamesToClassNumberedWeightGroups()
    {
        // Its layers are named conv2d_8, dense_4 … while its weights sit under layers/conv2d, layers/dense.
        var reference = Reference(Digits);
        var model = Keras.Models.LoadModel(Fixture(Digits), compile: false);
        CollectionAssert.AreEqual(new[] { "conv2d_8", "max_pooling2d_8", "conv2d_9", "max_pooling2d_9", "flatten_4", "dropout_4", "dense_4" },
                                  model.Layers.Select(l => l.Name).ToArray());
        AssertClose(Flat(reference["outputs"]!), Predict(model, FashionImages(64)), 1e-5, "digits outputs");
    }

    [TestMethod]
    public void CompiledFashionCnnRestoresItsAdamState()
    {
        var path = Fixture(Fashion);
        var weights = ReadEntryBytes(path, "model.weights.h5");
        var model = Keras.Models.LoadModel(path);

        Assert.IsTrue(model.Compiled);
        var adam = (Adam)model.Optimizer!;
        Assert.AreEqual(0.9, adam.Beta1);
        Assert.AreEqual(0.001, adam.LearningRate, 1e-9);
        Assert.AreEqual(ReadLong(weights, "optimizer/vars/0"), adam.IterationCount);
        Assert.AreEqual(18, adam.Variables.Count);
        // Keras's Adam keeps, per weight, its momentum then its velocity: 2 and 3 are the first kernel's.
        CollectionAssert.AreEqual(ReadFloats(weights, "optimizer/vars/2"), adam.Variables[2].ToArray());
        CollectionAssert.AreEqual(ReadFloats(weights, "optimizer/vars/17"), adam.Variables[17].ToArray());
    }

    [TestMethod]
    public void SavedWeightsHaveTheFixturesGroupsDatasetsAndNames()
    {
        // The fixture's architecture built here, trained one step so that Adam's state exists.
        var model = new Sequential(
        [
            Keras.Input(shape: [2]),
            new Dense(128, activation: "relu", kernelInitializer: "he_normal"),
            new Dropout(0.2),
            new Dense(64),
            new LeakyReLU(0.2),
            new Dense(32),
            new LeakyReLU(0.2),
            new Dense(2),
        ]);
        model.Compile(optimizer: new Adam(), loss: "mse");
        model.Fit(randn(8, 2), randn(8, 2), epochs: 1, batchSize: 8, verbose: 0);
        var path = Path.Combine(TempDir(), "tabular.weights.h5");
        model.SaveWeights(path);

        var expected = Layout(ReadEntryBytes(Fixture(Tabular), "model.weights.h5"));
        var actual = Layout(File.ReadAllBytes(path));
        CollectionAssert.AreEqual(expected, actual, "\nexpected:\n" + string.Join("\n", expected) + "\nactual:\n" + string.Join("\n", actual));
        CollectionAssert.Contains(actual, "D layers/dense/vars/0 (2, 128) FloatingPoint 4");
        CollectionAssert.Contains(actual, "D optimizer/vars/0 () FixedPoint 8");
        CollectionAssert.Contains(actual, "G vars name=sequential");
    }

    [TestMethod]
    public void ResavedFixtureKeepsItsWeightLayout()
    {
        var model = Keras.Models.LoadModel(Fixture(Fashion));
        var path = Path.Combine(TempDir(), "fashion.keras");
        model.Save(path);
        CollectionAssert.AreEqual(Layout(ReadEntryBytes(Fixture(Fashion), "model.weights.h5")), Layout(ReadEntryBytes(path, "model.weights.h5")));
        var reloaded = Keras.Models.LoadModel(path);
        var x = FashionImages(4);
        CollectionAssert.AreEqual(Predict(model, x), Predict(reloaded, x));
    }

    [TestMethod]
    public void FixtureWeightsLoadIntoAnEquivalentModelBuiltInCode()
    {
        var reference = Reference(Tabular);
        var model = new Sequential(
        [
            Keras.Input(shape: [2]),
            new Dense(128, activation: "relu"),
            new Dropout(0.2),
            new Dense(64),
            new LeakyReLU(0.2),
            new Dense(32),
            new LeakyReLU(0.2),
            new Dense(2),
        ]);
        model.LoadWeights(Fixture(Tabular));
        var x = tensor(Flat(reference["inputs"]!)).reshape(-1, 2);
        AssertClose(Flat(reference["outputs"]!), Predict(model, x), 1e-5, "tabular outputs");
    }

    /// <summary>The Fashion-MNIST CNN of the fixture, built in code (layer names as Keras numbers them in a fresh session).</summary>
    static Sequential FashionCnn() => Onnx.OnnxSeedModelTests.FashionMnistCnn();

    /// <summary>Compiles with Adam and takes one step, so that the optimizer's state exists as in a trained file.</summary>
    static void TrainOneStep(Model model, string loss)
    {
        model.Compile(optimizer: new Adam(), loss: loss, metrics: ["accuracy"]);
        var labels = randint(0, 10, [4]);
        var y = loss.StartsWith("sparse", StringComparison.Ordinal) ? labels : nn.functional.one_hot(labels, 10).to(ScalarType.Float32);
        model.Fit(rand(4, 28, 28, 1), y, epochs: 1, batchSize: 4, verbose: 0);
    }

    [TestMethod]
    public void SavedFashionCnnHasTheFixturesWeightLayoutAndConfigSchema()
    {
        var model = FashionCnn();
        TrainOneStep(model, "sparse_categorical_crossentropy");
        var path = Path.Combine(TempDir(), "fashion.keras");
        model.Save(path);

        var expected = Layout(ReadEntryBytes(Fixture(Fashion), "model.weights.h5"));
        var actual = Layout(ReadEntryBytes(path, "model.weights.h5"));
        CollectionAssert.AreEqual(expected, actual, "\nexpected:\n" + string.Join("\n", expected) + "\nactual:\n" + string.Join("\n", actual));

        // config.json: the same classes, modules, names and per-layer keys as Keras 3.10 wrote.
        var keras = Config(Fixture(Fashion));
        var ours = Config(path);
        Assert.AreEqual(keras["class_name"]!.GetValue<string>(), ours["class_name"]!.GetValue<string>());
        Assert.AreEqual(keras["module"]!.GetValue<string>(), ours["module"]!.GetValue<string>());
        var kerasLayers = keras["config"]!["layers"]!.AsArray();
        var ourLayers = ours["config"]!["layers"]!.AsArray();
        Assert.AreEqual(kerasLayers.Count, ourLayers.Count);
        for (var i = 0; i < kerasLayers.Count; i++)
        {
            var k = kerasLayers[i]!.AsObject();
            var o = ourLayers[i]!.AsObject();
            var what = $"layer {i} ({k["class_name"]})";
            foreach (var key in new[] { "module", "class_name", "registered_name" })
                Assert.AreEqual(k[key]?.ToJsonString(), o[key]?.ToJsonString(), $"{what}: {key}");
            Assert.AreEqual(k["config"]!["name"]!.GetValue<string>(), o["config"]!["name"]!.GetValue<string>(), $"{what}: name");
            CollectionAssert.AreEquivalent(k.Select(p => p.Key).ToArray(), o.Select(p => p.Key).ToArray(), $"{what}: top-level keys");
            CollectionAssert.AreEquivalent(k["config"]!.AsObject().Select(p => p.Key).ToArray(), o["config"]!.AsObject().Select(p => p.Key).ToArray(),
                $"{what}: config keys; Keras: {string.Join(",", k["config"]!.AsObject().Select(p => p.Key))}; ours: {string.Join(",", o["config"]!.AsObject().Select(p => p.Key))}");
        }
        CollectionAssert.AreEquivalent(keras["compile_config"]!.AsObject().Select(p => p.Key).ToArray(), ours["compile_config"]!.AsObject().Select(p => p.Key).ToArray());
    }

    [TestMethod]
    public void SavedDigitsCnnHasTheFixturesWeightLayout()
    {
        // Keras 3.4 wrote no 'name' attributes on the vars groups; the groups and datasets are what count.
        static List<string> WithoutNames(List<string> layout) => layout.Select(l => l.Contains(" name=") ? l[..l.IndexOf(" name=", StringComparison.Ordinal)] : l).ToList();
        var model = new Sequential(
        [
            Keras.Input(shape: [28, 28, 1]),
            new Conv2D(32, 3, activation: "relu", name: "conv2d_8"),
            new MaxPooling2D(2, name: "max_pooling2d_8"),
            new Conv2D(64, 3, activation: "relu", name: "conv2d_9"),
            new MaxPooling2D(2, name: "max_pooling2d_9"),
            new Flatten(name: "flatten_4"),
            new Dropout(0.25, name: "dropout_4"),
            new Dense(10, activation: "softmax", name: "dense_4"),
        ]);
        TrainOneStep(model, "categorical_crossentropy");
        var path = Path.Combine(TempDir(), "digits.keras");
        model.Save(path);
        var expected = WithoutNames(Layout(ReadEntryBytes(Fixture(Digits), "model.weights.h5")));
        var actual = WithoutNames(Layout(ReadEntryBytes(path, "model.weights.h5")));
        CollectionAssert.AreEqual(expected, actual, "\nexpected:\n" + string.Join("\n", expected) + "\nactual:\n" + string.Join("\n", actual));
    }

    [TestMethod]
    public void LoadedFixtureRoundTripsLosslesslyWithItsOptimizerState()
    {
        var model = Keras.Models.LoadModel(Fixture(Fashion));
        var path = Path.Combine(TempDir(), "fashion.keras");
        model.Save(path);
        var reloaded = Keras.Models.LoadModel(path);

        var x = FashionImages(16);
        CollectionAssert.AreEqual(Predict(model, x), Predict(reloaded, x));
        var before = model.Optimizer!.Variables;
        var after = reloaded.Optimizer!.Variables;
        Assert.AreEqual(18, after.Count);
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i].ToArray(), after[i].ToArray(), $"optimizer variable {i}");
        Assert.AreEqual(((Adam)model.Optimizer).IterationCount, ((Adam)reloaded.Optimizer).IterationCount);
        Assert.IsTrue(JsonNode.DeepEquals(Config(path)["compile_config"], ReloadedConfig(reloaded)), "compile config");
    }

    static JsonNode? ReloadedConfig(Model model)
    {
        var path = Path.Combine(TempDir(), "again.keras");
        model.Save(path);
        return Config(path)["compile_config"];
    }
}
