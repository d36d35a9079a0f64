using System.Text.Json.Nodes;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>Every layer of the library rebuilds from its saved config with the same config, weights and outputs.</summary>
[TestClass]
public sealed class LayerCatalogSavingTests : KerasTestBase
{
    static void AssertRoundTrip(Model model, Inputs inputs)
    {
        Tensor[] Run(Model m)
        {
            using var _ = no_grad();
            return m.Apply(inputs, training: false).ToArray();
        }

        var expected = Run(model);
        var path = Path.Combine(TempDir(), "catalog.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);

        var savedLayers = Config(path)["config"]!["layers"]!.AsArray();
        var resaved = Path.Combine(TempDir(), "resaved.keras");
        loaded.Save(resaved);
        var resavedLayers = Config(resaved)["config"]!["layers"]!.AsArray();
        Assert.AreEqual(savedLayers.Count, resavedLayers.Count);
        for (var i = 0; i < savedLayers.Count; i++)
            Assert.IsTrue(JsonNode.DeepEquals(savedLayers[i], resavedLayers[i]),
                          $"layer {i} config changed:\n{savedLayers[i]!.ToJsonString()}\n{resavedLayers[i]!.ToJsonString()}");

        var actual = Run(loaded);
        Assert.AreEqual(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(Values(expected[i]), Values(actual[i]), $"output {i}");
    }

    [TestMethod]
    public void ImageLayersRoundTrip()
    {
        var input = Keras.Input(shape: [8, 8, 3]);
        var x = new Rescaling(1.0 / 255, offset: 0.5).Apply(input);
        x = new Conv2D(4, 3, padding: "same", activation: "relu", kernelInitializer: "he_uniform").Apply(x);
        x = new BatchNormalization(momentum: 0.9, epsilon: 1e-5).Apply(x);
        x = new LeakyReLU(0.1).Apply(x);
        x = new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5).Apply(x);
        x = new ELU(0.5).Apply(x);
        x = new KerasStyle.Layers.Softmax(axis: 1).Apply(x);
        x = new MaxPooling2D(2).Apply(x);
        x = new Conv2D(6, [3, 2], strides: [1, 1], padding: "valid", useBias: false).Apply(x);
        var pooled = new AveragePooling2D(poolSize: [1, 1]).Apply(x);
        var global = new GlobalAveragePooling2D().Apply(pooled);
        var flat = new Flatten().Apply(pooled);
        var merged = new Concatenate().Apply(global, flat);
        var output = new Dense(3, activation: "softmax").Apply(new Dropout(0.3, seed: 4).Apply(merged));
        AssertRoundTrip(new Model(input, output), [rand(2, 8, 8, 3) * 255]);
    }

    [TestMethod]
    public void SequenceAndMergeLayersRoundTrip()
    {
        var tokens = Keras.Input(shape: [5], dtype: "int64", name: "tokens");
        var features = Keras.Input(shape: [6], name: "features");
        var embedded = new Embedding(20, 4, maskZero: false).Apply(tokens);
        var conv = new Conv1D(4, 2, padding: "same", activation: "tanh").Apply(embedded);
        var normalized = new LayerNormalization(axis: -1, epsilon: 1e-4).Apply(conv);
        var flat = new Reshape([20]).Apply(normalized);
        var projected = new Dense(6, kernelInitializer: new KerasStyle.Initializers.RandomNormal(mean: 0.1, stddev: 0.2, seed: 3)).Apply(flat);
        var sum = new Add().Apply(projected, features);
        var mean = new Average().Apply(projected, features);
        var product = new Multiply().Apply(sum, mean);
        var output = new Activation("sigmoid").Apply(product);
        var model = new Model([tokens, features], [output, sum]);
        AssertRoundTrip(model, new Inputs { ["tokens"] = randint(0, 20, [3, 5]), ["features"] = randn(3, 6) });
    }
}
