using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Losses;
using KLosses = Microsoft.ML.KerasStyle.Losses;
using KMetrics = Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>The focal/hinge/regression losses, the F-score, R², IoU and confusion metrics, Adamax/Adadelta/Ftrl/Lion and the new schedules in .keras compile configs.</summary>
[TestClass]
public sealed class LossMetricOptimizerSavingTests : KerasTestBase
{
    static Sequential Model(int outputs, string activation) => new(
    [
        Keras.Input(shape: [4]),
        new Dense(6, activation: "relu"),
        new Dense(outputs, activation: activation),
    ]);

    static (Tensor X, Tensor Y) MultiLabelData()
    {
        Keras.Utils.SetRandomSeed(3);
        var x = randn(32, 4);
        return (x, (x[.., ..3] + 0.3f * randn(32, 3)).gt(0).to(ScalarType.Float32));
    }

    static Model SaveAndLoad(Model model, string name)
    {
        var path = Path.Combine(TempDir(), name);
        model.Save(path);
        return Keras.Models.LoadModel(path);
    }

    static void AssertSameOptimizerState(Optimizer expected, Optimizer actual)
    {
        CollectionAssert.AreEqual(expected.Variables.Select(v => v.Name).ToArray(), actual.Variables.Select(v => v.Name).ToArray());
        for (var i = 0; i < expected.Variables.Count; i++)
            CollectionAssert.AreEqual(expected.Variables[i].ToArray(), actual.Variables[i].ToArray(), expected.Variables[i].Name);
    }

    [TestMethod]
    public void ClassificationObjectsRoundTripAndEvaluateAlike()
    {
        var (x, y) = MultiLabelData();
        var model = Model(3, "sigmoid");
        model.Compile(
            optimizer: new Adamax(learningRate: new PolynomialDecay(0.01, 20, 0.001, power: 2, cycle: true), beta2: 0.99),
            loss: new BinaryFocalCrossentropy(applyClassBalancing: true, alpha: 0.4, gamma: 3),
            metrics: [new F1Score(average: "micro", threshold: 0.4), new PrecisionAtRecall(0.6, numThresholds: 50), new TruePositives(),
                      new BinaryIoU([1], 0.4), "hinge", new FBetaScore("weighted", 2.0), new SpecificityAtSensitivity(0.5, classId: 1)]);
        model.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0);

        var loaded = SaveAndLoad(model, "classification.keras");

        var adamax = (Adamax)loaded.Optimizer!;
        var schedule = (PolynomialDecay)adamax.Schedule!;
        Assert.AreEqual((2.0, true, 0.001, 20L), (schedule.Power, schedule.Cycle, schedule.EndLearningRate, schedule.DecaySteps));
        Assert.AreEqual(0.99, adamax.Beta2);
        Assert.AreEqual(4L, adamax.IterationCount);
        AssertSameOptimizerState(model.Optimizer!, adamax);
        var focal = (BinaryFocalCrossentropy)loaded.CompiledLosses[0]!;
        Assert.AreEqual((true, 0.4, 3.0), (focal.ApplyClassBalancing, focal.Alpha, focal.Gamma));

        var expected = model.Evaluate(x, y, verbose: 0).AsDictionary();
        var actual = loaded.Evaluate(x, y, verbose: 0).AsDictionary();
        CollectionAssert.AreEqual(expected.Keys.ToArray(), actual.Keys.ToArray());
        CollectionAssert.IsSubsetOf(new[] { "f1_score", "precision_at_recall", "true_positives", "binary_io_u", "hinge", "fbeta_score", "specificity_at_sensitivity" }, actual.Keys.ToArray());
        foreach (var (name, value) in expected) Assert.AreEqual(value, actual[name], 1e-6, name);

        // Training goes on identically: the optimizer's state and schedule position came back.
        Keras.Utils.SetRandomSeed(7);
        model.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0);
        Keras.Utils.SetRandomSeed(7);
        loaded.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0);
        var before = WeightValues(model);
        var after = WeightValues(loaded);
        for (var i = 0; i < before.Length; i++) CollectionAssert.AreEqual(before[i], after[i], $"weight {i} after one more epoch");
    }

    [TestMethod]
    public void RegressionObjectsRoundTrip()
    {
        Keras.Utils.SetRandomSeed(5);
        var x = randn(24, 4);
        var y = x[.., ..2] * 0.5f + 1.5f;
        var model = Model(2, "linear");
        model.Compile(optimizer: new Ftrl(new CosineDecayRestarts(0.05, 3, tMul: 1.5, mMul: 0.8, alpha: 0.1), l1RegularizationStrength: 0.001, beta: 0.1),
            loss: "logcosh", metrics: [new R2Score("variance_weighted_average"), "msle", "mape", new KMetrics.CosineSimilarity(axis: -1), new LogCoshError()]);
        model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);

        var loaded = SaveAndLoad(model, "regression.keras");

        var ftrl = (Ftrl)loaded.Optimizer!;
        Assert.AreEqual((0.001, 0.1), (ftrl.L1RegularizationStrength, ftrl.Beta));
        var restarts = (CosineDecayRestarts)ftrl.Schedule!;
        Assert.AreEqual((1.5, 0.8, 0.1, 3L), (restarts.TMul, restarts.MMul, restarts.Alpha, restarts.FirstDecaySteps));
        AssertSameOptimizerState(model.Optimizer!, ftrl);
        Assert.IsInstanceOfType<LogCosh>(loaded.CompiledLosses[0]);
        var expected = model.Evaluate(x, y, verbose: 0).AsDictionary();
        var actual = loaded.Evaluate(x, y, verbose: 0).AsDictionary();
        CollectionAssert.AreEqual(new[] { "loss", "r2_score", "msle", "mape", "cosine_similarity", "logcosh" }, actual.Keys.ToArray());
        foreach (var (name, value) in expected) Assert.AreEqual(value, actual[name], 1e-6 * Math.Max(1, Math.Abs(value)), name);
    }

    [TestMethod]
    [DataRow("lion")]
    [DataRow("adadelta")]
    public void OptimizerStateRoundTrips(string which)
    {
        var (x, y) = MultiLabelData();
        var model = Model(3, "sigmoid");
        Optimizer optimizer = which == "lion" ? new Lion(new InverseTimeDecay(0.01, 2, 0.5, staircase: true), beta2: 0.95) : new Adadelta(1.0, rho: 0.9);
        model.Compile(optimizer: optimizer, loss: new KLosses.CategoricalHinge());
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        var loaded = SaveAndLoad(model, which + ".keras");
        Assert.AreEqual(optimizer.GetType(), loaded.Optimizer!.GetType());
        AssertSameOptimizerState(optimizer, loaded.Optimizer);
        if (loaded.Optimizer is Lion lion) Assert.AreEqual(0.5, ((InverseTimeDecay)lion.Schedule!).DecayRate);
        else Assert.AreEqual(0.9, ((Adadelta)loaded.Optimizer).Rho);
    }

    [TestMethod]
    public void CompileConfigWrittenByKerasLoads()
    {
        // The compile config as Keras 3 writes it (get_config of each object; a Precision given thresholds=0.5 writes
        // the number, not a list; metrics given as strings stay strings).
        const string compileConfig = """
            {"optimizer": {"module": "keras.optimizers", "class_name": "Ftrl", "config": {"name": "ftrl", "learning_rate":
              {"module": "keras.optimizers.schedules", "class_name": "CosineDecayRestarts", "config": {"initial_learning_rate": 0.1,
              "first_decay_steps": 5, "t_mul": 2.0, "m_mul": 1.0, "alpha": 0.0, "name": "SGDRDecay"}, "registered_name": null},
              "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
              "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null, "learning_rate_power": -0.5,
              "initial_accumulator_value": 0.1, "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.0,
              "l2_shrinkage_regularization_strength": 0.0, "beta": 0.0}, "registered_name": null},
             "loss": {"module": "keras.losses", "class_name": "CategoricalFocalCrossentropy", "config": {"name": "categorical_focal_crossentropy",
              "reduction": "sum_over_batch_size", "from_logits": false, "label_smoothing": 0.0, "axis": -1, "alpha": 0.5, "gamma": 1.5}, "registered_name": null},
             "loss_weights": null,
             "metrics": [{"module": "keras.metrics", "class_name": "F1Score", "config": {"name": "f1_score", "dtype": "float32", "average": "macro",
               "threshold": null}, "registered_name": null}, "r2_score",
              {"module": "keras.metrics", "class_name": "Precision", "config": {"name": "precision", "dtype": "float32", "thresholds": 0.5,
               "top_k": null, "class_id": null}, "registered_name": null},
              {"module": "keras.metrics", "class_name": "OneHotMeanIoU", "config": {"name": "one_hot_mean_io_u", "dtype": "int32", "num_classes": 3,
               "ignore_class": null, "sparse_y_pred": false, "axis": -1}, "registered_name": null},
              {"module": "keras.metrics", "class_name": "RecallAtPrecision", "config": {"name": "recall_at_precision", "dtype": "float32",
               "class_id": null, "num_thresholds": 200, "precision": 0.7}, "registered_name": null}],
             "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}
            """;
        var (x, y) = MultiLabelData();
        var model = Model(3, "softmax");
        model.Compile(optimizer: new Ftrl(new CosineDecayRestarts(0.1, 5)), loss: "mse");
        model.Fit(x, y, epochs: 1, batchSize: 16, verbose: 0);
        var path = Path.Combine(TempDir(), "keras-compiled.keras");
        model.Save(path);
        var config = Config(path);
        config["compile_config"] = JsonNode.Parse(compileConfig);
        var edited = Path.Combine(TempDir(), "edited.keras");
        RewriteEntry(path, edited, "config.json", Encoding.UTF8.GetBytes(config.ToJsonString()));

        var loaded = Keras.Models.LoadModel(edited);

        var ftrl = (Ftrl)loaded.Optimizer!;
        Assert.AreEqual(0.01, ftrl.L1RegularizationStrength);
        Assert.AreEqual(5L, ((CosineDecayRestarts)ftrl.Schedule!).FirstDecaySteps);
        AssertSameOptimizerState(model.Optimizer!, ftrl);
        var loss = (CategoricalFocalCrossentropy)loaded.CompiledLosses[0]!;
        Assert.AreEqual((0.5, 1.5), (loss.Alpha, loss.Gamma));
        var logs = loaded.Evaluate(x, y, verbose: 0).AsDictionary();
        CollectionAssert.AreEqual(new[] { "loss", "f1_score", "r2_score", "precision", "one_hot_mean_io_u", "recall_at_precision" }, logs.Keys.ToArray());
    }
}
