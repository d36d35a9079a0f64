using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Tests.Training;

/// <summary>Fit, Evaluate and custom loops add the model's losses as Keras's compute_loss does (numbers worked by hand).</summary>
[TestClass]
public sealed class RegularizationTrainingTests : KerasTestBase
{
    static (Sequential Model, Dense Dense) OneUnit(Regularizer? kernelRegularizer = null, Regularizer? activityRegularizer = null)
    {
        var dense = new Dense(1, kernelRegularizer: kernelRegularizer, activityRegularizer: activityRegularizer);
        var model = new Sequential([Keras.Input(shape: [2]), dense]);
        dense.SetWeights([tensor(new float[] { 0.5f, -0.25f }, [2, 1]), tensor(new float[] { 0 })]);
        return (model, dense);
    }

    [TestMethod]
    public void FitLogsDataLossPlusPenaltyAndStepsAlongItsGradient()
    {
        var (model, dense) = OneUnit(kernelRegularizer: new L2(0.1));
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");

        var history = model.Fit(tensor(new float[] { 1, 2 }, [1, 2]), tensor(new float[] { 1 }, [1, 1]), batchSize: 1, verbose: 0);

        // prediction 0.5 − 0.5 = 0 → data loss (0 − 1)² = 1; penalty 0.1 · (0.25 + 0.0625) = 0.03125.
        Assert.AreEqual(1.03125, history["loss"][0], 1e-6);
        // gradient: 2(ŷ − y)·x + 2 · 0.1 · w = (−2 + 0.1, −4 − 0.05); bias −2.
        LayerTestHarness.AssertClose([0.5f + 0.19f, -0.25f + 0.405f], dense.Kernel!.Value, 1e-6);
        LayerTestHarness.AssertClose([0.2f], dense.Bias!.Value, 1e-6);
    }

    [TestMethod]
    public void EvaluateAddsThePenaltyOfTheCurrentWeights()
    {
        var (model, _) = OneUnit(kernelRegularizer: new L1(0.5));
        model.Compile(optimizer: "sgd", loss: "mse");
        var result = model.Evaluate(tensor(new float[] { 1, 2, 2, 0 }, [2, 2]), tensor(new float[] { 1, 1 }, [2, 1]), verbose: 0);
        // predictions 0 and 1 → mse 0.5; penalty 0.5 · 0.75.
        Assert.AreEqual(0.5 + 0.375, result.Loss, 1e-6);
    }

    [TestMethod]
    public void ActivityPenaltyIsPerSampleInTheLoss()
    {
        var (model, _) = OneUnit(activityRegularizer: new L2(0.1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var result = model.Evaluate(tensor(new float[] { 1, 2, 2, 0, 4, 0 }, [3, 2]), tensor(new float[] { 0, 0, 0 }, [3, 1]), verbose: 0);
        // outputs 0, 1, 2 → mse 5/3; activity 0.1 · 5 / 3.
        Assert.AreEqual(5.0 / 3 + 0.5 / 3, result.Loss, 1e-6);
    }

    /// <summary>Adds factor · mean(x²) in its call.</summary>
    sealed class MeanSquareLoss(double factor) : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training)
        {
            AddLoss(inputs.square().mean() * factor);
            return inputs;
        }

        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    [TestMethod]
    public void AddLossOfACustomLayerEntersTheTrainingLoss()
    {
        var dense = new Dense(1, useBias: false);
        var model = new Sequential([Keras.Input(shape: [1]), dense, new MeanSquareLoss(2)]);
        dense.SetWeights([tensor(new float[] { 3 }, [1, 1])]);
        model.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mae");

        var history = model.Fit(tensor(new float[] { 1 }, [1, 1]), tensor(new float[] { 1 }, [1, 1]), batchSize: 1, verbose: 0);

        // ŷ = 3: |3 − 1| = 2, added 2 · 9 = 18; gradient sign(2) · 1 + 2 · 2 · 3 · 1 = 13.
        Assert.AreEqual(20.0, history["loss"][0], 1e-5);
        LayerTestHarness.AssertClose([3 - 0.13f], dense.Kernel!.Value, 1e-6);
    }

    [TestMethod]
    public void ModelsWithOnlyAddedLossesTrainWithoutACompiledLoss()
    {
        var dense = new Dense(1, useBias: false);
        var model = new Sequential([Keras.Input(shape: [1]), dense, new MeanSquareLoss(1)]);
        dense.SetWeights([tensor(new float[] { 2 }, [1, 1])]);
        model.Compile(optimizer: new SGD(learningRate: 0.1));
        var history = model.Fit(tensor(new float[] { 1 }, [1, 1]), tensor(new float[] { 0 }, [1, 1]), batchSize: 1, verbose: 0);
        Assert.AreEqual(4.0, history["loss"][0], 1e-6);
        LayerTestHarness.AssertClose([2 - 0.4f], dense.Kernel!.Value, 1e-6);

        var plain = new Sequential([Keras.Input(shape: [1]), new Dense(1)]);
        plain.Compile(optimizer: "sgd");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => plain.Fit(ones(1, 1), ones(1, 1), verbose: 0));
        StringAssert.Contains(error.Message, "no loss to compute");
    }

    [TestMethod]
    public void SgdStepIsFollowedByTheConstraint()
    {
        var dense = new Dense(2, useBias: false, kernelConstraint: new NonNeg());
        var model = new Sequential([Keras.Input(shape: [2]), dense]);
        dense.SetWeights([tensor(new float[] { 1, 2, 0.5f, 3 }, [2, 2])]);
        model.Compile(optimizer: new SGD(learningRate: 0.5), loss: "mse");

        model.Fit(tensor(new float[] { 1, 1 }, [1, 2]), tensor(new float[] { 0, 0 }, [1, 2]), batchSize: 1, verbose: 0);

        // ŷ = (1.5, 5); d mse / dŷ = ŷ; w − 0.5·(1.5, 5) per row = (0.25, −0.5), (−0.25, 0.5) → NonNeg.
        LayerTestHarness.AssertClose([0.25f, 0, 0, 0.5f], dense.Kernel!.Value, 1e-6);
    }

    [TestMethod]
    public void AdamStepIsFollowedByTheConstraint()
    {
        var dense = new Dense(2, useBias: false, kernelConstraint: new MaxNorm(1));
        var model = new Sequential([Keras.Input(shape: [2]), dense]);
        float[] start = [1, 0.5f, 0.5f, 1];
        dense.SetWeights([tensor(start, [2, 2])]);
        model.Compile(optimizer: new Adam(learningRate: 2.0), loss: "mse");

        model.Fit(tensor(new float[] { 1, 1 }, [1, 2]), tensor(new float[] { 0, 0 }, [1, 2]), batchSize: 1, verbose: 0);

        // Every gradient is 1.5; Keras's Adam at step 1: α = lr·√(1−β₂)/(1−β₁), m = 0.1 g, v = 0.001 g².
        const double g = 1.5, lr = 2.0;
        var alpha = lr * Math.Sqrt(1 - 0.999) / (1 - 0.9);
        var step = alpha * (0.1 * g) / (Math.Sqrt(0.001 * g * g) + 1e-7);
        var updated = start.Select(w => w - step).ToArray();
        var expected = new float[4];
        for (var column = 0; column < 2; column++)
        {
            var norm = Math.Sqrt(updated[column] * updated[column] + updated[2 + column] * updated[2 + column]);
            var scale = Math.Clamp(norm, 0, 1) / (1e-7 + norm);
            expected[column] = (float)(updated[column] * scale);
            expected[2 + column] = (float)(updated[2 + column] * scale);
        }
        LayerTestHarness.AssertClose(expected, dense.Kernel!.Value, 1e-5);
    }

    [TestMethod]
    public void CustomLoopAddsModelLossesAndApplyGradientsProjects()
    {
        var (model, dense) = OneUnit(kernelRegularizer: new L2(0.1));
        dense.Kernel!.Constraint = new MinMaxNorm(0, 0.5);
        var optimizer = new SGD(learningRate: 0.1);
        var x = tensor(new float[] { 1, 2 }, [1, 2]);
        var y = tensor(new float[] { 1 }, [1, 1]);

        using (var tape = new GradientTape())
        {
            var prediction = model.Apply(x, training: true);
            var loss = (prediction - y).square().mean() + model.Losses.Aggregate((a, b) => a + b);
            Assert.AreEqual(1.03125f, loss.item<float>(), 1e-6);
            optimizer.ApplyGradients(tape.Gradient(loss, model.TrainableWeights), model.TrainableWeights);
        }

        // The SGD step gives (0.69, 0.155) (norm ≈ 0.707), then MinMaxNorm scales it to norm 0.5.
        var norm = Math.Sqrt(0.69 * 0.69 + 0.155 * 0.155);
        LayerTestHarness.AssertClose([(float)(0.69 * 0.5 / (norm + 1e-7)), (float)(0.155 * 0.5 / (norm + 1e-7))], dense.Kernel.Value, 1e-6);
        LayerTestHarness.AssertClose([0.2f], dense.Bias!.Value, 1e-6);
    }

    [TestMethod]
    public void EmbeddingPenaltyAndConstraintApplyToTheWholeTable()
    {
        var embedding = new Embedding(3, 2, embeddingsRegularizer: new L1(0.5), embeddingsConstraint: new UnitNorm(1));
        embedding.Build([null, 2]);
        float[] table = [3, 4, 0, 2, 1, 1];
        embedding.SetWeights([tensor(table, [3, 2])]);
        var optimizer = new SGD(learningRate: 0.5);
        using (var tape = new GradientTape())
        {
            var output = embedding.Apply(tensor(new long[] { 0, 2 }, [1, 2]));
            var penalty = embedding.Losses.Single();
            Assert.AreEqual(0.5f * table.Sum(Math.Abs), penalty.item<float>(), 1e-6);
            var loss = output.sum() + penalty;
            optimizer.ApplyGradients(tape.Gradient(loss, embedding.TrainableWeights), embedding.TrainableWeights);
        }
        // Gradient: 1 on the looked-up rows 0 and 2, plus 0.5 · sign(w) everywhere; then every row is scaled to norm 1.
        var stepped = table.Select((w, i) => w - 0.5f * ((i / 2 is 0 or 2 ? 1 : 0) + 0.5f * Math.Sign(w))).ToArray();
        var expected = new float[6];
        for (var row = 0; row < 3; row++)
        {
            var norm = Math.Sqrt(stepped[2 * row] * stepped[2 * row] + stepped[2 * row + 1] * stepped[2 * row + 1]);
            expected[2 * row] = (float)(stepped[2 * row] / (norm + 1e-7));
            expected[2 * row + 1] = (float)(stepped[2 * row + 1] / (norm + 1e-7));
        }
        LayerTestHarness.AssertClose(expected, embedding.Embeddings!.Value, 1e-6);
    }
}
