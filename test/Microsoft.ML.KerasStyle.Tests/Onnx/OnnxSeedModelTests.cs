using Samples.Listings;
using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// The seed chapter's models export and run in ONNX Runtime with the library's <c>Predict</c> outputs (1e-5), at batch
/// sizes 1, 7 and 1000 through one session: the batch dimension is symbolic.
/// </summary>
[TestClass]
public sealed class OnnxSeedModelTests : KerasTestBase
{
    static readonly int[] BatchSizes = [1, 7, 1000];

    /// <summary>The Fashion-MNIST CNN of the issue.</summary>
    internal static Sequential FashionMnistCnn() => new([
        Keras.Input(shape: [28, 28, 1]),
        new Conv2D(32, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(64, activation: "relu"),
        new Dense(10, activation: "softmax"),
    ]);

    /// <summary>7-2-1's Sequential model, built for 3 features.</summary>
    internal static Sequential Listing721Model()
    {
        var model = new Sequential([new Dense(64, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Build(inputShape: [null, 3]);
        return model;
    }

    static void AssertPredictParity(Model model, Func<int, Tensor[]> makeInputs, double tolerance = Tolerance)
    {
        using var session = Session(Export(model));
        foreach (var batch in BatchSizes)
        {
            var inputs = makeInputs(batch);
            var expected = model.Predict(ToData(inputs), batchSize: 256, verbose: 0);
            var actual = Run(session, inputs);
            Assert.AreEqual(expected.Count, actual.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                var diff = MaxAbsDiff(expected[i], actual[i]);
                Assert.IsTrue(diff <= tolerance, $"{model.Name} output {session.OutputNames[i]} batch {batch}: max |Predict - ONNX Runtime| = {diff:E3}");
            }
        }
    }

    static ModelData ToData(Tensor[] inputs) => inputs.Length == 1 ? inputs[0] : inputs;

    [TestMethod]
    public void Listing721Sequential_MatchesPredict()
    {
        var model = Listing721Model();
        AssertPredictParity(model, batch => [Normal(batch, 3)]);
    }

    [TestMethod]
    public void TicketModel_ThreeInputsTwoOutputs_MatchesPredict()
    {
        var ticket = TicketModel.Build();
        var model = ticket.Model;
        var bytes = Export(model);
        var graph = Parse(bytes).Graph;
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags" }, graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "priority", "department" }, graph.Output.Select(o => o.Name).ToArray());
        AssertPredictParity(model, batch => [
            randint(0, 2, [batch, TicketModel.VocabularySize], dtype: ScalarType.Float32),
            randint(0, 2, [batch, TicketModel.VocabularySize], dtype: ScalarType.Float32),
            randint(0, 2, [batch, TicketModel.NumTags], dtype: ScalarType.Float32),
        ]);
    }

    [TestMethod]
    public void TicketModel_AfterTraining_MatchesPredict()
    {
        var ticket = TicketModel.Build();
        var model = ticket.Model;
        var data = TicketModel.RandomData(64);
        model.Compile(optimizer: "rmsprop",
            loss: new() { ["priority"] = "mean_squared_error", ["department"] = "categorical_crossentropy" });
        model.Fit(data.Inputs, data.Targets, epochs: 1, verbose: 0);
        var inputs = TicketModel.RandomInputs(7);
        using var session = Session(Export(model));
        var expected = model.Predict(inputs, verbose: 0);
        var actual = Run(session, inputs["title"], inputs["text_body"], inputs["tags"]);
        for (var i = 0; i < 2; i++) Assert.IsTrue(MaxAbsDiff(expected[i], actual[i]) <= Tolerance);
    }

    [TestMethod]
    public void FashionMnistCnn_MatchesPredict()
    {
        var model = FashionMnistCnn();
        RandomizeWeights(model, seed: 3);
        // Keras-like scales: small weights keep activations of order 1 as trained weights would.
        using (no_grad())
            foreach (var w in model.Weights) w.Assign(w.Value * 0.3);
        AssertPredictParity(model, batch => [rand(batch, 28, 28, 1)]);
    }

    [TestMethod]
    public void FashionMnistCnn_FoldsTheImageTransposes()
    {
        var graph = Parse(Export(FashionMnistCnn())).Graph;
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet();
        var dataTransposes = graph.Node.Where(n => n.OpType == "Transpose" && !initializers.Contains(n.Input[0])).ToList();
        // One into channels-first before the first convolution, one back before Flatten; none between conv and pool.
        Assert.AreEqual(2, dataTransposes.Count, string.Join(", ", graph.Node.Select(n => n.OpType)));
        CollectionAssert.AreEqual(
            new[] { "Transpose", "Transpose", "Conv", "Relu", "MaxPool", "Transpose", "Conv", "Relu", "MaxPool", "Transpose", "Flatten", "Gemm", "Relu", "Gemm", "Softmax" },
            graph.Node.Select(n => n.OpType).ToArray());
    }

    [TestMethod]
    public void DynamicBatch_InputsAndOutputsHaveTheSymbolicBatchDimension()
    {
        var model = TicketModel.Build().Model;
        using var session = Session(Export(model));
        foreach (var (name, meta) in session.InputMetadata.Concat(session.OutputMetadata))
        {
            Assert.AreEqual(-1, meta.Dimensions[0], $"{name}: the batch axis is not fixed");
            Assert.AreEqual("batch", meta.SymbolicDimensions[0], name);
        }
        Assert.AreEqual(TicketModel.VocabularySize, session.InputMetadata["title"].Dimensions[1]);
        Assert.AreEqual(TicketModel.NumDepartments, session.OutputMetadata["department"].Dimensions[1]);
    }
}
