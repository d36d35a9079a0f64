using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Regularizers;
using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>Regularizers and constraints are written in Keras's config form and read back, from our files and Keras's.</summary>
[TestClass]
public sealed class RegularizerSavingTests : KerasTestBase
{
    static Model Regularized()
    {
        var inputs = Keras.Input(shape: [4, 3]);
        var x = new Conv1D(2, 2, kernelRegularizer: new L2(0.01), biasRegularizer: "l1", activityRegularizer: new L1L2(0.01, 0.02),
                           kernelConstraint: new MaxNorm(2, [0, 1]), biasConstraint: new NonNeg()).Apply(inputs);
        x = new BatchNormalization(betaRegularizer: new L1(0.5), gammaRegularizer: new L2(0.25), betaConstraint: new UnitNorm(),
                                   gammaConstraint: new MinMaxNorm(0.5, 1.5, 0.5)).Apply(x);
        x = new LayerNormalization(betaRegularizer: "l2", gammaConstraint: "non_neg").Apply(x);
        x = new Flatten().Apply(x);
        x = new Dense(3, kernelRegularizer: new OrthogonalRegularizer(0.1, "columns"), kernelConstraint: new UnitNorm(0),
                      activityRegularizer: "l2").Apply(x);
        x = new ActivityRegularization(0.1, 0.2).Apply(x);
        return new Model(inputs, x);
    }

    [TestMethod]
    public void KerasFileRoundTripKeepsEveryRegularizerAndConstraint()
    {
        var model = Regularized();
        Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness.RandomizeWeights(model);
        var directory = TempDir();
        var path = Path.Combine(directory, "regularized.keras");
        model.Save(path);
        var reloaded = Keras.Models.LoadModel(path);
        var again = Path.Combine(directory, "again.keras");
        reloaded.Save(again);
        Assert.AreEqual(ReadEntry(path, "config.json"), ReadEntry(again, "config.json"));

        var conv = (Conv1D)reloaded.GetLayer("conv1d");
        Assert.AreEqual(0.01, ((L2)conv.KernelRegularizer!).Factor);
        CollectionAssert.AreEqual(new[] { 0, 1 }, ((MaxNorm)conv.Kernel!.Constraint!).Axis.ToArray());
        Assert.IsInstanceOfType<NonNeg>(conv.Bias!.Constraint);
        Assert.AreEqual(0.5, ((MinMaxNorm)((BatchNormalization)reloaded.GetLayer("batch_normalization")).Gamma!.Constraint!).Rate);

        var x = randn(5, 4, 3);
        model.Apply(x);
        reloaded.Apply(x);
        var expected = model.Losses.Select(l => l.item<float>()).ToArray();
        var actual = reloaded.Losses.Select(l => l.item<float>()).ToArray();
        Assert.AreEqual(9, expected.Length, "3 activity losses, 6 weight penalties");
        CollectionAssert.AreEqual(expected, actual);
    }

    // A Dense layer as Keras 3.x writes it in config.json (activity_regularizer from the base config, after dtype).
    const string Keras3Dense = """
        {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
          "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
          "activity_regularizer": {"module": "keras.regularizers", "class_name": "L1", "config": {"l1": 0.009999999776482582}, "registered_name": null},
          "units": 3, "activation": "linear", "use_bias": true,
          "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
          "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
          "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}, "registered_name": null},
          "bias_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.5}, "registered_name": null},
          "kernel_constraint": {"module": "keras.constraints", "class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}, "registered_name": null},
          "bias_constraint": {"module": "keras.constraints", "class_name": "NonNeg", "config": {}, "registered_name": null},
          "quantization_config": null},
         "registered_name": null, "build_config": {"input_shape": [null, 4]}}
        """;

    [TestMethod]
    public void Keras3ConfigLoadsAndIsWrittenBackTheSame()
    {
        var json = JsonNode.Parse(Keras3Dense)!.AsObject();
        var dense = (Dense)LayerFromConfig.Deserialize(json, new LoadContext("the test config", null));

        Assert.AreEqual((double)0.01f, ((L1)dense.ActivityRegularizer!).Factor);
        Assert.AreEqual((0.0, 0.01), (((L1L2)dense.KernelRegularizer!).L1, ((L1L2)dense.KernelRegularizer!).L2));
        Assert.AreEqual(2.0, ((MaxNorm)dense.Kernel!.Constraint!).MaxValue);
        Assert.AreSame(dense.BiasRegularizer, dense.Bias!.Regularizer);

        var written = ConfigJson.ToNode(dense.GetConfig(), "dense")!.AsObject();
        var keras = json["config"]!.AsObject();
        foreach (var key in new[] { "activity_regularizer", "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint" })
            Assert.IsTrue(ConfigJson.Equivalent(keras[key], written[key]), $"{key}: {written[key]?.ToJsonString()} vs Keras {keras[key]?.ToJsonString()}");
        CollectionAssert.AreEqual(new[] { "name", "trainable", "dtype", "activity_regularizer", "units" }, written.Select(p => p.Key).Take(5).ToArray());
    }

    [TestMethod]
    public void KerasActivityRegularizationConfigLoads()
    {
        var json = JsonNode.Parse("""
            {"module": "keras.layers", "class_name": "ActivityRegularization", "config": {"name": "activity_regularization", "trainable": true,
              "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "l1": 0.01, "l2": 0.5},
             "registered_name": null}
            """)!.AsObject();
        var layer = (ActivityRegularization)LayerFromConfig.Deserialize(json, new LoadContext("the test config", null));
        Assert.AreEqual((0.01, 0.5), (layer.L1, layer.L2));
        CollectionAssert.AreEqual(new[] { "name", "trainable", "dtype", "l1", "l2" }, layer.GetConfig().Keys.ToArray());
    }

    [TestMethod]
    public void WildKerasFileWithAnL2KernelRegularizerLoads()
    {
        // shared/fixtures/keras-wild: a Keras 3.5 Sequential (Dense with kernel_regularizer L2(0.01), BatchNormalization, Dropout).
        var path = Path.Combine(Path.GetDirectoryName(FixtureDirectory)!, "keras-wild", "8597ef52__123Cryptic+diabetes_detection__4b076ad_model.keras");
        if (!File.Exists(path)) Assert.Inconclusive($"The keras-wild fixture is absent ({path}).");
        var model = Keras.Models.LoadModel(path);
        var regularized = model.Layers.OfType<Dense>().Where(d => d.KernelRegularizer is not null).ToList();
        Assert.AreEqual(2, regularized.Count);
        Assert.IsTrue(regularized.All(d => ((L2)d.KernelRegularizer!).Factor == 0.01));
        // The penalties: 0.01 · sum(kernel²) per regularized Dense, from the file's weights.
        var expected = regularized.Sum(d => 0.01 * d.Kernel!.ToArray().Sum(w => (double)w * w));
        Assert.AreEqual(expected, model.Losses.Sum(l => l.item<float>()), 1e-4 * expected);
    }
}
