using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Optimizers;
using PureHDF;
using static Microsoft.ML.KerasStyle.Tests.Saving.KerasFixtures;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Legacy full-model HDF5 files (<c>model.save("x.h5")</c>): the Keras 3.3 fixture, and Keras 2 style files written
/// here with the layout Keras 2 used (no InputLayer, <c>batch_input_shape</c> on the first layer, no <c>module</c>,
/// <c>:0</c> weight names, LeakyReLU's <c>alpha</c>).
/// </summary>
[TestClass]
public sealed class LegacyH5Tests : KerasTestBase
{
    [TestMethod]
    public void KerasMlpLoadsAndReproducesTheReference()
    {
        var reference = Reference(LegacyMlp);
        var model = Keras.Models.LoadModel(Fixture(LegacyMlp), compile: false);

        Assert.IsInstanceOfType<Sequential>(model);
        CollectionAssert.AreEqual(new[] { "dense", "dense_1", "dense_2" }, model.Layers.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 784, 64 }, model.Layers[0].Weights[0].Shape);
        // 784·64 + 64 + 64·64 + 64 + 64·10 + 10 weights.
        StringAssert.Contains(model.Summary(printFn: _ => { }), "Total params: 55,050");
        var outputs = Predict(model, FashionImages(64).reshape(64, 784));
        AssertClose(Flat(reference["outputs"]!), outputs, 1e-5, "legacy MLP outputs");
        var argmax = outputs.Chunk(10).Select(p => Array.IndexOf(p, p.Max())).ToArray();
        CollectionAssert.AreEqual(reference["argmax"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray(), argmax);
    }

    [TestMethod]
    public void KerasMlpCompilesFromItsTrainingConfigAndRestoresAdam()
    {
        var path = Fixture(LegacyMlp);
        var model = Keras.Models.LoadModel(path);

        Assert.IsTrue(model.Compiled);
        var adam = (Adam)model.Optimizer!;
        Assert.AreEqual(0.001, adam.LearningRate, 1e-9);
        using var file = H5File.OpenRead(path);
        Assert.AreEqual(file.Dataset("optimizer_weights/adam/iteration").Read<long>(), adam.IterationCount);
        Assert.IsTrue(adam.IterationCount > 0, "the file records training steps");
        Assert.AreEqual(14, adam.Variables.Count);
        CollectionAssert.AreEqual(file.Dataset("optimizer_weights/adam/sequential_dense_kernel_velocity").Read<float[]>(), adam.Variables[3].ToArray());
        CollectionAssert.AreEqual(file.Dataset("optimizer_weights/adam/sequential_dense_2_bias_momentum").Read<float[]>(), adam.Variables[12].ToArray());

        // Loss and metrics work: categorical crossentropy of one-hot labels, and accuracy.
        var x = FashionImages(16).reshape(16, 784);
        var labels = Predict(model, x).Chunk(10).Select(p => Array.IndexOf(p, p.Max())).ToArray();
        var y = nn.functional.one_hot(tensor(labels.Select(l => (long)l).ToArray()), 10).to(ScalarType.Float32);
        var results = model.Evaluate(x, y, verbose: 0);
        Assert.AreEqual(1.0, results["accuracy"], 1e-9, "its own predictions as labels");
    }

    [TestMethod]
    public void ResavedAsKerasFileKeepsPredictionsAndOptimizerState()
    {
        var model = Keras.Models.LoadModel(Fixture(LegacyMlp));
        var path = Path.Combine(TempDir(), "mnist.keras");
        model.Save(path);
        var reloaded = Keras.Models.LoadModel(path);
        var x = FashionImages(8).reshape(8, 784);
        CollectionAssert.AreEqual(Predict(model, x), Predict(reloaded, x));
        var before = model.Optimizer!.Variables;
        var after = reloaded.Optimizer!.Variables;
        Assert.AreEqual(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i].ToArray(), after[i].ToArray(), $"optimizer variable {i}");
    }

    // A Keras 2 model: Dense(3, relu) on 4 inputs → LeakyReLU(alpha 0.1) → Dense(2).
    static readonly float[] Kernel1 = [0.5f, -1, 0.25f, 1, 0.5f, -0.5f, -1, 2, 1, 0, 1, -2];
    static readonly float[] Bias1 = [0.1f, -0.2f, 0.3f];
    static readonly float[] Kernel2 = [1, -1, 2, 0.5f, -3, 1];
    static readonly float[] Bias2 = [0.05f, -0.05f];

    const string Keras2Config = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "batch_input_shape": [null, 4], "dtype": "float32", "units": 3,
            "activation": "relu", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null,
            "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": "float32", "alpha": 0.1}},
          {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 2, "activation": "linear",
            "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null,
            "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]},
         "keras_version": "2.4.0", "backend": "tensorflow"}
        """;

    const string Keras2TrainingConfig = """
        {"loss": "mse", "metrics": null, "weighted_metrics": null, "loss_weights": null, "optimizer_config":
          {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.01, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}}
        """;

    /// <summary>Writes a Keras 2 style .h5 file; <paramref name="omitGroup"/> leaves a layer's group out.</summary>
    static string WriteKeras2File(string? omitGroup = null, string config = Keras2Config)
    {
        static H5Group Layer(string name, float[] kernel, ulong[] kernelShape, float[] bias) => new()
        {
            Attributes = new() { ["weight_names"] = new[] { $"{name}/kernel:0", $"{name}/bias:0" } },
            [name] = new H5Group
            {
                ["kernel:0"] = new H5Dataset(kernel, fileDims: kernelShape),
                ["bias:0"] = new H5Dataset(bias, fileDims: [(ulong)bias.Length]),
            },
        };

        var weights = new H5Group
        {
            Attributes = new() { ["layer_names"] = new[] { "dense", "leaky_re_lu", "dense_1" }, ["backend"] = "tensorflow", ["keras_version"] = "2.4.0" },
            ["dense"] = Layer("dense", Kernel1, [4, 3], Bias1),
            ["leaky_re_lu"] = new H5Group { Attributes = new() { ["weight_names"] = Array.Empty<string>() } },
            ["dense_1"] = Layer("dense_1", Kernel2, [3, 2], Bias2),
        };
        if (omitGroup is not null) weights.Remove(omitGroup);
        var file = new H5File
        {
            Attributes = new() { ["model_config"] = config, ["training_config"] = Keras2TrainingConfig, ["keras_version"] = "2.4.0", ["backend"] = "tensorflow" },
            ["model_weights"] = weights,
        };
        var path = Path.Combine(TempDir(), "keras2.h5");
        file.Write(path);
        return path;
    }

    /// <summary>The Keras 2 model's outputs, computed with loops.</summary>
    static float[] Keras2Expected(float[] x, int rows)
    {
        var outputs = new List<float>();
        for (var r = 0; r < rows; r++)
        {
            var hidden = new float[3];
            for (var j = 0; j < 3; j++)
            {
                var sum = Bias1[j];
                for (var i = 0; i < 4; i++) sum += x[r * 4 + i] * Kernel1[i * 3 + j];
                sum = Math.Max(sum, 0); // relu
                hidden[j] = sum >= 0 ? sum : 0.1f * sum;
            }
            for (var j = 0; j < 2; j++)
            {
                var sum = Bias2[j];
                for (var i = 0; i < 3; i++) sum += hidden[i] * Kernel2[i * 2 + j];
                outputs.Add(sum);
            }
        }
        return outputs.ToArray();
    }

    [TestMethod]
    public void Keras2FileLoadsWithAnInputLayerFromBatchInputShape()
    {
        var model = Keras.Models.LoadModel(WriteKeras2File());
        CollectionAssert.AreEqual(new[] { "dense", "leaky_re_lu", "dense_1" }, model.Layers.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new int?[] { null, 4 }, model.InputTensors.Single().Shape);
        Assert.AreEqual(0.1, ((LeakyReLU)model.Layers[1]).NegativeSlope);
        var x = new float[] { 1, 2, 3, 4, -1, 0.5f, -2, 1, 0, 0, 0, 0 };
        AssertClose(Keras2Expected(x, 3), Predict(model, tensor(x).reshape(3, 4)), 1e-6, "Keras 2 model outputs");
        Assert.AreEqual(0.01, model.Optimizer!.LearningRate, 1e-9);
        Assert.IsInstanceOfType<Adam>(model.Optimizer);
    }

    [TestMethod]
    public void Keras2FunctionalConfigLoads()
    {
        var functional = """
            {"class_name": "Model", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
              {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 3, "activation": "relu", "use_bias": true,
                "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}},
               "name": "dense", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
              {"class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": "float32", "alpha": 0.1}, "name": "leaky_re_lu", "inbound_nodes": [[["dense", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 2, "activation": "linear", "use_bias": true},
               "name": "dense_1", "inbound_nodes": [[["leaky_re_lu", 0, 0, {}]]]}],
             "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}
            """;
        var model = Keras.Models.LoadModel(WriteKeras2File(config: functional), compile: false);
        Assert.IsNotInstanceOfType<Sequential>(model);
        var x = new float[] { 1, 2, 3, 4, -1, 0.5f, -2, 1 };
        AssertClose(Keras2Expected(x, 2), Predict(model, tensor(x).reshape(2, 4)), 1e-6, "Keras 2 functional outputs");
    }

    [TestMethod]
    public void WeightsFileMissingALayerGroupIsAnErrorNamingIt()
    {
        var path = WriteKeras2File(omitGroup: "dense_1");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "'dense_1'");
        StringAssert.Contains(error.Message, "model_weights/dense_1");
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void UnknownLayerClassNamesTheClassAndTheFile()
    {
        var path = WriteKeras2File(config: Keras2Config.Replace("\"class_name\": \"LeakyReLU\"", "\"class_name\": \"ThresholdedReLU\""));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "Unknown layer class 'ThresholdedReLU'");
        StringAssert.Contains(error.Message, $"model_config of '{path}'");
    }

    [TestMethod]
    public void UnsupportedOptionNamesTheOptionAndTheFile()
    {
        // (Regularizers, which this test used to name, load now: see Keras2RegularizersAndConstraintsLoad.)
        var path = WriteKeras2File(config: Keras2Config.Replace("\"activity_regularizer\": null", "\"activity_regularizer\": null, \"lora_rank\": 2"));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "lora_rank");
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void Keras2RegularizersAndConstraintsLoad()
    {
        // tf.keras 2.x writes {"class_name", "config"} without a module, and its L2 factor as a float32 value.
        var config = Keras2Config
            .Replace("\"kernel_regularizer\": null", "\"kernel_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": 0.009999999776482582}}")
            .Replace("\"activity_regularizer\": null", "\"activity_regularizer\": {\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.0, \"l2\": 0.5}}")
            .Replace("\"kernel_constraint\": null", "\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 3, \"axis\": 0}}")
            .Replace("\"bias_constraint\": null", "\"bias_constraint\": {\"class_name\": \"NonNeg\", \"config\": {}}");
        var model = Keras.Models.LoadModel(WriteKeras2File(config: config));
        var dense = (Dense)model.Layers[0];
        Assert.AreEqual(0.009999999776482582, ((KerasStyle.Regularizers.L2)dense.KernelRegularizer!).Factor);
        Assert.AreEqual(0.5, ((KerasStyle.Regularizers.L1L2)dense.ActivityRegularizer!).L2);
        Assert.AreEqual(3.0, ((KerasStyle.Constraints.MaxNorm)dense.Kernel!.Constraint!).MaxValue);
        Assert.IsInstanceOfType<KerasStyle.Constraints.NonNeg>(dense.Bias!.Constraint);
        // The file's weights are regularized: 0.01 (as float32) · sum(kernel²) for each of the two Dense layers.
        var penalty = 0.009999999776482582 * (Kernel1.Sum(w => (double)w * w) + Kernel2.Sum(w => (double)w * w));
        Assert.AreEqual(penalty, model.Losses.Sum(l => l.item<float>()), 1e-5);
    }

    [TestMethod]
    public void TruncatedOrForeignFilesAreClearErrors()
    {
        var bytes = File.ReadAllBytes(Fixture(LegacyMlp));
        var truncated = Path.Combine(TempDir(), "truncated.h5");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(truncated));
        StringAssert.Contains(error.Message, truncated);
        StringAssert.Contains(error.Message, "truncated or corrupt");

        var text = Path.Combine(TempDir(), "text.h5");
        File.WriteAllText(text, "not HDF5 at all");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(text)).Message, "not a readable HDF5 file");

        var noConfig = Path.Combine(TempDir(), "weights_only.h5");
        new H5File { ["model_weights"] = new H5Group() }.Write(noConfig);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(noConfig)).Message, "no model_config attribute");

        var weightsOnly = Assert.ThrowsExactly<ArgumentException>(() => Keras.Models.LoadModel("model.weights.h5"));
        StringAssert.Contains(weightsOnly.Message, "weights-only");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => Keras.Models.LoadModel("model.onnx")).Message, ".h5");
    }

    [TestMethod]
    public void ShapeMismatchNamesTheDatasetAndLeavesNothingHalfLoaded()
    {
        var path = WriteKeras2File(config: Keras2Config.Replace("\"units\": 2", "\"units\": 5"));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "model_weights/dense_1/dense_1/kernel:0");
        StringAssert.Contains(error.Message, "(3, 2)");
        StringAssert.Contains(error.Message, "(3, 5)");
    }
}
