using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Tests.Models;

[TestClass]
public sealed class SequentialTests : KerasTestBase
{
    static Sequential SeedModel() => new([new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")]);

    [TestMethod]
    public void BuildCreatesKerasNamedWeightsInKerasOrder()
    {
        var model = SeedModel();
        Assert.IsFalse(model.Built);
        model.Build(inputShape: [null, 3]);
        Assert.IsTrue(model.Built);
        Assert.AreEqual("sequential", model.Name);
        CollectionAssert.AreEqual(new[] { "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias" }, model.Weights.Select(w => w.Path).ToArray());
        CollectionAssert.AreEqual(new[] { 3, 64 }, model.Weights[0].Shape);
        CollectionAssert.AreEqual(new[] { 64 }, model.Weights[1].Shape);
        CollectionAssert.AreEqual(new[] { 64, 10 }, model.Weights[2].Shape);
        Assert.IsTrue(model.Weights.All(w => w.Trainable && w.Dtype == "float32"));
        Assert.AreEqual(906, model.CountParams());
        Assert.AreEqual(2, model.Layers.Count, "the input layer is not listed");
    }

    [TestMethod]
    public void SummaryOfSeedModelShowsRowsAndTotals()
    {
        var model = SeedModel();
        model.Build([null, 3]);
        var text = model.Summary(printFn: _ => { });
        var lines = text.Split('\n');
        Assert.AreEqual("Model: \"sequential\"", lines[0]);
        Assert.IsTrue(lines.Any(l => l.StartsWith("│ dense (Dense) ") && l.Contains("│ (None, 64) ") && l.TrimEnd().EndsWith(" 256 │")));
        Assert.IsTrue(lines.Any(l => l.StartsWith("│ dense_1 (Dense) ") && l.Contains("│ (None, 10) ") && l.TrimEnd().EndsWith(" 650 │")));
        CollectionAssert.IsSubsetOf(new[] { " Total params: 906 (3.54 KB)", " Trainable params: 906 (3.54 KB)", " Non-trainable params: 0 (0.00 B)" }, lines);
    }

    [TestMethod]
    public void SummaryWithCjkNamesKeepsColumnsAligned()
    {
        var model = new Sequential(name: "my_model");
        model.Add(new Dense(64, activation: "relu", name: "輸入層"));
        model.Add(new Dense(10, activation: "relu", name: "輸出層"));
        model.Build([null, 3]);
        var table = model.Summary(printFn: _ => { }).Split('\n').Where(l => l.Length > 0 && "┏┃┡│├└".Contains(l[0])).ToList();
        Assert.IsTrue(table.Any(l => l.StartsWith("│ 輸入層 (Dense)")));
        var widths = table.Select(TextWidth.Of).Distinct().ToList();
        Assert.AreEqual(1, widths.Count, "every table line has the same display width: " + string.Join(", ", widths));
        // The column separators sit at the same display column on every line.
        var separatorColumns = table.Select(l => TextWidth.Of(l[..l.IndexOfAny(['│', '┃', '╇', '┼', '┳', '┴'], 1)])).Distinct().ToList();
        Assert.AreEqual(1, separatorColumns.Count);
    }

    [TestMethod]
    public void SummaryOfUnbuiltModelSaysSoInsteadOfThrowing()
    {
        var text = SeedModel().Summary(printFn: _ => { });
        Assert.IsTrue(text.Contains("│ dense (Dense)") && text.Contains("0 (unbuilt)") && text.Contains("│ ?"), text);
        StringAssert.Contains(text, " Total params: 0 (0.00 B)");
    }

    [TestMethod]
    public void DeclaredInputBuildsAfterEveryAdd()
    {
        var model = new Sequential();
        model.Add(Keras.Input(shape: [3]));
        Assert.IsFalse(model.Built, "an input alone is not a model yet");
        model.Add(new Dense(64, activation: "relu"));
        Assert.IsTrue(model.Built);
        StringAssert.Contains(model.Summary(printFn: _ => { }), "(None, 64)");
        model.Add(new Dense(10, activation: "softmax"));
        Assert.AreEqual(906, model.CountParams());
        CollectionAssert.AreEqual(new int?[] { null, 10 }, model.OutputTensors[0].Shape);
    }

    [TestMethod]
    public void InputTensorInLayerListDeclaresInput()
    {
        var model = new Sequential([Keras.Input(shape: [784]), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);
        Assert.IsTrue(model.Built);
        Assert.AreEqual(784 * 128 + 128 + 128 * 10 + 10, model.CountParams());
        Assert.AreEqual(2, model.Layers.Count);
    }

    [TestMethod]
    public void AddingAnotherInputIsAnError()
    {
        var model = SeedModel();
        model.Build([null, 3]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Add(Keras.Input(shape: [3])));
        Assert.AreEqual("Sequential model 'sequential' has already been configured to use input shape (None, 3). You cannot add a different Input layer to it.", error.Message);
    }

    [TestMethod]
    public void BuildingWithAnotherShapeIsAnError()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(2)]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Build([null, 4]));
        StringAssert.Contains(error.Message, "configured to use input shape (None, 3). You cannot build it with input shape (None, 4)");
    }

    [TestMethod]
    public void DuplicateLayerNamesAreRejected()
    {
        var model = new Sequential([new Dense(2, name: "same")]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Add(new Dense(3, name: "same")));
        StringAssert.Contains(error.Message, "Name 'same' is already the name of a layer in model 'sequential'");
    }

    [TestMethod]
    public void PopRemovesLastLayerAndRebuilds()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4), new Dense(2)]);
        var popped = model.Pop();
        Assert.AreEqual("dense_1", popped.Name);
        Assert.AreEqual(1, model.Layers.Count);
        CollectionAssert.AreEqual(new int?[] { null, 4 }, model.OutputTensors[0].Shape);
        Assert.AreEqual(16, model.CountParams());
    }

    [TestMethod]
    public void CallingOnDataBuildsWithUnknownBatch()
    {
        var model = SeedModel();
        var y = model.Apply(ones(5, 3));
        CollectionAssert.AreEqual(new long[] { 5, 10 }, y.shape);
        Assert.AreEqual(1f, y.sum(1)[0].item<float>(), 1e-5f, "softmax rows sum to 1");
        CollectionAssert.AreEqual(new int?[] { null, 3 }, model.InputTensors[0].Shape);
    }

    [TestMethod]
    public void FreezingMovesEveryWeightToNonTrainable()
    {
        var model = SeedModel();
        model.Build([null, 3]);
        model.Trainable = false;
        Assert.AreEqual(0, model.TrainableWeights.Count);
        Assert.AreEqual(4, model.NonTrainableWeights.Count);
        Assert.IsFalse(model.Weights[0].Value.requires_grad);
        StringAssert.Contains(model.Summary(printFn: _ => { }), " Non-trainable params: 906 (3.54 KB)");
        model.Trainable = true;
        Assert.AreEqual(4, model.TrainableWeights.Count);
    }

    [TestMethod]
    public void ClearSessionRestartsAutomaticNames()
    {
        Assert.AreEqual("dense", new Dense(1).Name);
        Assert.AreEqual("dense_1", new Dense(1).Name);
        Keras.ClearSession();
        Assert.AreEqual("dense", new Dense(1).Name);
        Assert.AreEqual("batch_normalization", Microsoft.ML.KerasStyle.Backend.Naming.ToSnakeCase("BatchNormalization"));
        Assert.AreEqual("conv2d", Microsoft.ML.KerasStyle.Backend.Naming.ToSnakeCase("Conv2D"));
        Assert.AreEqual("leaky_re_lu", Microsoft.ML.KerasStyle.Backend.Naming.ToSnakeCase("LeakyReLU"));
        Assert.AreEqual("global_average_pooling2d", Microsoft.ML.KerasStyle.Backend.Naming.ToSnakeCase("GlobalAveragePooling2D"));
    }
}
