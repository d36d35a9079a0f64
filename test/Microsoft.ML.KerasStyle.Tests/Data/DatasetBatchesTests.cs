using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;

namespace Microsoft.ML.KerasStyle.Tests.Data;

/// <summary>How Fit, Evaluate and Predict see a dataset: <c>AsBatches</c> maps elements to training batches.</summary>
[TestClass]
public sealed class DatasetBatchesTests : KerasTestBase
{
    static Dictionary<string, Tensor> TicketInputs(int n) => new()
    {
        ["tags"] = ones(n, 4) * 3,
        ["title"] = ones(n, 6),
        ["text_body"] = ones(n, 6) * 2,
    };

    static Dictionary<string, Tensor> TicketTargets(int n) => new()
    {
        ["department"] = tensor(Enumerable.Range(0, n).Select(i => (long)(i % 4)).ToArray()),
        ["priority"] = rand(n, 1),
    };

    static Model TicketModel()
    {
        var title = Keras.Input(shape: [6], name: "title");
        var textBody = Keras.Input(shape: [6], name: "text_body");
        var tags = Keras.Input(shape: [4], name: "tags");
        var features = new Dense(8, activation: "relu").Apply(new Concatenate().Apply(title, textBody, tags));
        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(features);
        var department = new Dense(4, activation: "softmax", name: "department").Apply(features);
        return new Model(inputs: [title, textBody, tags], outputs: [priority, department]);
    }

    [TestMethod]
    public void PairsOfTensorsBecomeInputsAndTargets()
    {
        var batches = Dataset.FromTensorSlices(Rows(5), Labels(5)).Batch(2).AsBatches(null, null).ToList();
        Assert.HasCount(3, batches);
        var last = batches[2];
        Assert.AreEqual(1, last.X.Count);
        Assert.AreEqual(1, last.Y.Count);
        Assert.IsNull(last.SampleWeight);
        Assert.AreEqual(1, last.Size);
        CollectionAssert.AreEqual(new long[] { 4 }, Longs(last.Y[0]));
    }

    [TestMethod]
    public void SingleTensorsTakeTheModelsNames()
    {
        var batch = Dataset.FromTensorSlices(Rows(2), Labels(2)).Batch(2).AsBatches(["input"], ["dense"]).Single();
        CollectionAssert.AreEqual(new[] { "input" }, batch.X.Names.ToArray());
        CollectionAssert.AreEqual(new[] { "dense" }, batch.Y.Names.ToArray());
    }

    [TestMethod]
    public void DictionariesAreMatchedToTheModelsNamesInModelOrder()
    {
        var model = TicketModel();
        var batch = Dataset.FromTensorSlices(TicketInputs(6), TicketTargets(6)).Batch(4).AsBatches(model.InputNames, model.OutputNames).First();
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags" }, batch.X.Names.ToArray());
        CollectionAssert.AreEqual(new[] { "priority", "department" }, batch.Y.Names.ToArray());
        CollectionAssert.AreEqual(new long[] { 4, 4 }, batch.X["tags"].shape);
        CollectionAssert.AreEqual(new float[] { 2, 2 }, Floats(batch.X[1]).Take(2).ToArray(), "text_body is second, as the model has it");
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 3 }, Longs(batch.Y["department"]));
    }

    [TestMethod]
    public void ZippedDatasetsFeedTheSameWay()
    {
        var model = TicketModel();
        var zipped = Dataset.Zip(Dataset.FromTensorSlices(TicketInputs(3)), Dataset.FromTensorSlices(TicketTargets(3))).Batch(3);
        var batch = zipped.AsBatches(model.InputNames, model.OutputNames).Single();
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags" }, batch.X.Names.ToArray());
        CollectionAssert.AreEqual(new[] { "priority", "department" }, batch.Y.Names.ToArray());
    }

    [TestMethod]
    public void TuplesOfInputsAreByPosition()
    {
        var batch = Dataset.FromTensorSlices((Rows(2), Rows(2) * 2), Labels(2)).Batch(2).AsBatches(["a", "b"], ["out"]).Single();
        CollectionAssert.AreEqual(new[] { "a", "b" }, batch.X.Names.ToArray());
        // Rows (0, 1, 2) and (10, 11, 12), times 2.
        CollectionAssert.AreEqual(new float[] { 0, 2, 4, 20, 22, 24 }, Floats(batch.X["b"]));
    }

    [TestMethod]
    public void ThirdComponentIsTheSampleWeight()
    {
        var batch = Dataset.FromTensorSlices(Rows(3), Labels(3), tensor(new[] { 1, 2, 3 })).Batch(3).AsBatches(null, null).Single();
        Assert.IsNotNull(batch.SampleWeight);
        Assert.AreEqual(ScalarType.Float32, batch.SampleWeight.dtype);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3 }, Floats(batch.SampleWeight));
    }

    [TestMethod]
    public void ANamedElementAloneIsTheInputs()
    {
        var model = TicketModel();
        var batch = Dataset.FromTensorSlices(TicketInputs(2)).Batch(2).AsBatches(model.InputNames, model.OutputNames).Single();
        Assert.AreEqual(3, batch.X.Count);
        Assert.AreEqual(0, batch.Y.Count);
        var single = Dataset.FromTensorSlices(Rows(2)).Batch(2).AsBatches(null, null).Single();
        Assert.AreEqual(0, single.Y.Count);
    }

    [TestMethod]
    public void MismatchesAreClearErrors()
    {
        var model = TicketModel();
        var missing = new Dictionary<string, Tensor> { ["title"] = ones(2, 6), ["tags"] = ones(2, 4) };
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset.FromTensorSlices(missing, TicketTargets(2)).AsBatches(model.InputNames, model.OutputNames).First());
        StringAssert.Contains(error.Message, "missing: ['text_body']");
        var extra = TicketTargets(2);
        extra["urgency"] = ones(2);
        error = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset.FromTensorSlices(TicketInputs(2), extra).AsBatches(model.InputNames, model.OutputNames).First());
        StringAssert.Contains(error.Message, "unknown: ['urgency']");
        error = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset.FromTensorSlices(TicketInputs(2), Labels(2)).AsBatches(model.InputNames, model.OutputNames).First());
        StringAssert.Contains(error.Message, "2 output(s)");
        error = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset.FromTensorSlices(Labels(2), Labels(2), Labels(2), Labels(2)).AsBatches(null, null).First());
        StringAssert.Contains(error.Message, "4 components");
    }

    [TestMethod]
    public void TicketModelTrainsFromADatasetOfDictionaries()
    {
        var model = TicketModel();
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: new Dictionary<string, string> { ["priority"] = "mse", ["department"] = "sparse_categorical_crossentropy" });
        var dataset = Dataset.FromTensorSlices(TicketInputs(16), TicketTargets(16)).Shuffle(16, seed: 1).Batch(8);
        var losses = new List<double>();
        // As Fit consumes it: one pass per epoch, each step (MoveNext included) inside its own dispose scope.
        for (var epoch = 0; epoch < 5; epoch++)
        {
            using var batches = dataset.AsBatches(model.InputNames, model.OutputNames).GetEnumerator();
            while (true)
            {
                using var step = NewDisposeScope();
                if (!batches.MoveNext()) break;
                losses.Add(model.TrainStep(batches.Current)["loss"]);
            }
        }
        Assert.HasCount(10, losses);
        Assert.IsTrue(losses.All(double.IsFinite));
    }
}
