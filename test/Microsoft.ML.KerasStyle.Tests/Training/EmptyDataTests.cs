using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Data;

namespace Microsoft.ML.KerasStyle.Tests.Training;

/// <summary>
/// Fit, Evaluate and Predict on data with no samples fail (Keras 3 fails too), saying that the data is empty, which
/// argument held it and what it was; they used to "succeed" (Fit printed 0/Unknown and returned epochs, Evaluate []).
/// </summary>
[TestClass]
public sealed class EmptyDataTests : KerasTestBase
{
    /// <summary>Records whether any training hook ran.</summary>
    sealed class Hooks : Callback
    {
        public List<string> Calls { get; } = [];
        public override void OnTrainBegin(Logs logs) => Calls.Add("train_begin");
        public override void OnEpochEnd(int epoch, Logs logs) => Calls.Add($"epoch_end {epoch}");
    }

    static Sequential Classifier()
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    static void AssertMessage(Exception error, params string[] parts)
    {
        foreach (var part in parts) StringAssert.Contains(error.Message, part);
    }

    static Tensor Labels(int rows) => zeros(rows, dtype: ScalarType.Int64);

    [TestMethod]
    public void FitOnAnEmptyTensorFailsAndTrainsNothing()
    {
        var model = Classifier();
        var before = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();
        var hooks = new Hooks();
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Fit(zeros(0, 4), Labels(0), epochs: 2, verbose: 0, callbacks: [hooks]));
        Assert.AreEqual("Fit: x has 0 samples (a tensor of shape [0, 4]): there is nothing to train on. (Parameter 'x')", error.Message);
        Assert.IsEmpty(hooks.Calls, "no callback ran");
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], model.GetWeights()[i].data<float>().ToArray());
    }

    [TestMethod]
    public void FitOnEmptyArraysNamesTheArray()
    {
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(new float[0, 4], new long[0], verbose: 0)),
            "Fit: x has 0 samples (an array float[0, 4])");
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(new float[0], new long[0], verbose: 0)),
            "Fit: x has 0 samples (an array float[0])");
    }

    [TestMethod]
    public void EmptyValidationDataFails() =>
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() =>
                Classifier().Fit(ones(8, 4), Labels(8), verbose: 0, validationData: (zeros(0, 4), Labels(0)))),
            "Fit: validationData.x has 0 samples (a tensor of shape [0, 4]): there is nothing to validate on.");

    [TestMethod]
    public void ValidationSplitThatLeavesNoSamplesUsesKerasWording() =>
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(ones(3, 4), Labels(3), verbose: 0, validationSplit: 0.9)),
            "Training data contains 3 samples, which is not sufficient to split it into a validation and training set as specified by validationSplit=0.9. " +
            "Either provide more data, or a different value for the validationSplit argument.");

    [TestMethod]
    public void EvaluateAndPredictOnEmptyTensorsFail()
    {
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Evaluate(zeros(0, 4), Labels(0), verbose: 0)),
            "Evaluate: x has 0 samples (a tensor of shape [0, 4]): there is nothing to evaluate.");
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Predict(zeros(0, 4), verbose: 0)),
            "Predict: x has 0 samples (a tensor of shape [0, 4]): there is nothing to predict.");
    }

    [TestMethod]
    public void AnEmptyInputOfAFunctionalModelIsNamed()
    {
        var a = Keras.Input(shape: [2], name: "a");
        var b = Keras.Input(shape: [2], name: "b");
        var model = new Model(inputs: [a, b], outputs: [new Dense(1).Apply(new Concatenate().Apply(a, b))]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            model.Fit(new Dictionary<string, Tensor> { ["a"] = zeros(0, 2), ["b"] = zeros(0, 2) }, zeros(0, 1), verbose: 0));
        AssertMessage(error, "Fit: x[\"a\"] has 0 samples (a tensor of shape [0, 2])");
    }

    [TestMethod]
    public void AnEmptyDatasetFailsBeforeAnyCallbackWhenItsSizeIsKnown()
    {
        var hooks = new Hooks();
        var empty = Dataset.FromTensorSlices(zeros(0, 4), Labels(0)).Batch(2);
        var error = Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(empty, epochs: 2, verbose: 0, callbacks: [hooks]));
        Assert.AreEqual("Fit: x is an empty Dataset (a pass over it gave no batches): there is nothing to train on. (Parameter 'x')", error.Message);
        Assert.IsEmpty(hooks.Calls);
        var taken = Dataset.FromTensorSlices(ones(5, 4), Labels(5)).Batch(2).Take(0);
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(taken, verbose: 0)), "Fit: x is an empty Dataset");
        var skipped = Dataset.FromTensorSlices(ones(5, 4), Labels(5)).Batch(2).Skip(3);
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(skipped, verbose: 0)), "Fit: x is an empty Dataset");
    }

    [TestMethod]
    public void AnEmptyDatasetOfUnknownSizeFailsInItsFirstPass()
    {
        var model = Classifier();
        var before = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();
        var hooks = new Hooks();
        var empty = Dataset.FromGenerator(() => Array.Empty<DatasetElement>());
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => model.Fit(empty, epochs: 2, verbose: 0, callbacks: [hooks])),
            "Fit: x is an empty Dataset (a pass over it gave no batches): there is nothing to train on.");
        CollectionAssert.AreEqual(new[] { "train_begin" }, hooks.Calls, "no epoch ended");
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], model.GetWeights()[i].data<float>().ToArray());
        // With stepsPerEpoch the data continues across epochs; an empty pass fails there too.
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(empty, epochs: 2, verbose: 0, stepsPerEpoch: 3)), "Fit: x is an empty Dataset");
    }

    [TestMethod]
    public void EmptyValidationDatasetFails()
    {
        var train = Dataset.FromTensorSlices(ones(4, 4), Labels(4)).Batch(2);
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() =>
                Classifier().Fit(train, verbose: 0, validationData: Dataset.FromTensorSlices(zeros(0, 4), Labels(0)).Batch(2))),
            "Fit: validationData is an empty Dataset (a pass over it gave no batches): there is nothing to validate on.");
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() =>
                Classifier().Fit(train, verbose: 0, validationData: Dataset.FromGenerator(() => Array.Empty<DatasetElement>()))),
            "Fit: validationData is an empty Dataset");
    }

    [TestMethod]
    public void EvaluateAndPredictOnEmptyDatasetsFail()
    {
        var empty = Dataset.FromTensorSlices(zeros(0, 4), Labels(0)).Batch(2);
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Evaluate(empty, verbose: 0)),
            "Evaluate: x is an empty Dataset (a pass over it gave no batches): there is nothing to evaluate.");
        AssertMessage(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Predict(empty, verbose: 0)),
            "Predict: x is an empty Dataset (a pass over it gave no batches): there is nothing to predict.");
    }
}
