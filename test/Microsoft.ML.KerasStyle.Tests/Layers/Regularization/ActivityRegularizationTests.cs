using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Regularizers;
using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class ActivityRegularizationTests : KerasTestBase
{
    static readonly float[] X = [1, -2, 3, -4, 0.5f, 0];

    [TestMethod]
    public void ReturnsTheInputAndAddsThePenaltyPerSample()
    {
        var layer = new ActivityRegularization(l1: 0.1, l2: 0.2);
        var x = tensor(X, [2, 3]);
        Assert.IsTrue(ReferenceEquals(x, layer.Apply(x)));
        var expected = (0.1f * X.Sum(Math.Abs) + 0.2f * X.Sum(v => v * v)) / 2;
        Assert.AreEqual(expected, layer.Losses.Single().item<float>(), 1e-5);
        LayerTestHarness.Run(() => new ActivityRegularization(0.1), x, [null, 3], expectedValues: X, expectedWeights: []);
    }

    [TestMethod]
    public void DefaultsAndConfigAreKeras()
    {
        var layer = new ActivityRegularization();
        Assert.AreEqual("activity_regularization", layer.Name);
        Assert.IsTrue(layer.Built, "built at construction, as Keras's _build_at_init");
        Assert.AreEqual((0.0, 0.0), (((L1L2)layer.ActivityRegularizer!).L1, ((L1L2)layer.ActivityRegularizer!).L2));
        CollectionAssert.AreEqual(new[] { "name", "trainable", "dtype", "l1", "l2" }, new ActivityRegularization(0.5).GetConfig().Keys.ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new ActivityRegularization(l1: -1)).Message, "argument l1");
    }

    [TestMethod]
    public void TrainingPenalisesLargeActivations()
    {
        var dense = new Dense(1, useBias: false);
        var model = new Sequential([Keras.Input(shape: [1]), dense, new ActivityRegularization(l2: 1)]);
        dense.SetWeights([tensor(new float[] { 2 }, [1, 1])]);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
        var history = model.Fit(tensor(new float[] { 1, 1 }, [2, 1]), tensor(new float[] { 2, 2 }, [2, 1]), batchSize: 2, verbose: 0);
        // mse 0; activity 1 · (4 + 4) / 2 = 4; gradient (2 · 2 + 2 · 2) / 2 = 4.
        Assert.AreEqual(4.0, history["loss"][0], 1e-6);
        LayerTestHarness.AssertClose([1.6f], dense.Kernel!.Value, 1e-6);
    }

    [TestMethod]
    public void ExportsToOnnxAsNothing()
    {
        var inputs = Keras.Input(shape: [3]);
        var model = new Model(inputs, new Dense(2).Apply(new ActivityRegularization(0.1, 0.1).Apply(inputs)));
        var bytes = AssertParity(model, [Normal(4, 3)]);
        CollectionAssert.DoesNotContain(Parse(bytes).Graph.Node.Select(n => n.OpType).ToArray(), "Mul", "no trace of the penalty");
    }
}
