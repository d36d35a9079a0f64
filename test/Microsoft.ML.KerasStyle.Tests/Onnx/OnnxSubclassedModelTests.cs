using Microsoft.ML.KerasStyle.Onnx;
using Samples.Listings;
using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>
/// Subclassed models export by tracing their <c>Call</c>: ONNX Runtime matches <c>Predict</c> (1e-5) at batch sizes 1, 7
/// and 1000; tensor operations between layer calls are clear errors naming the layer; models of both styles nest.
/// </summary>
[TestClass]
public sealed class OnnxSubclassedModelTests : KerasTestBase
{
    static readonly int[] BatchSizes = [1, 7, 1000];

    /// <summary>Checks <paramref name="model"/>'s ONNX outputs against <c>Predict</c> at every batch size.</summary>
    static void AssertPredictParity(Model model, Func<int, Tensor[]> makeInputs, Func<Tensor[], ModelData> toData)
    {
        using var session = Session(Export(model));
        foreach (var batch in BatchSizes)
        {
            var inputs = makeInputs(batch);
            var expected = model.Predict(toData(inputs), batchSize: 256, verbose: 0);
            var actual = Run(session, inputs);
            Assert.AreEqual(expected.Count, actual.Length, "number of outputs");
            for (var i = 0; i < actual.Length; i++)
            {
                var diff = MaxAbsDiff(expected[i], actual[i]);
                Assert.IsTrue(diff <= Tolerance, $"{model.Name} output {session.OutputNames[i]} batch {batch}: max |Predict - ONNX Runtime| = {diff:E3}");
            }
        }
    }

    static ModelData Positional(Tensor[] inputs) => inputs.Length == 1 ? inputs[0] : inputs;

    static Tensor[] TicketInputs(int batch) => [
        randint(0, 2, [batch, TicketModel.VocabularySize], dtype: ScalarType.Float32),
        randint(0, 2, [batch, TicketModel.VocabularySize], dtype: ScalarType.Float32),
        randint(0, 2, [batch, TicketModel.NumTags], dtype: ScalarType.Float32),
    ];

    static ModelData ByTicketName(Tensor[] inputs) => new() { ["title"] = inputs[0], ["text_body"] = inputs[1], ["tags"] = inputs[2] };

    [TestMethod]
    public void Listing723TicketModel_NamedInputsTwoOutputs_MatchesPredict()
    {
        var model = new SubclassedModel.CustomerTicketModel(TicketModel.NumDepartments);
        // Initial (Glorot) weights: random ones of size 0.6 would sum 20,100 inputs to values where float32 rounding exceeds 1e-5.
        model.Apply(TicketModel.RandomInputs(2));
        var graph = Parse(Export(model)).Graph;
        // Inputs keep the names Call reads them by; outputs take the names of the layers that produce them.
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags" }, graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "priority", "department" }, graph.Output.Select(o => o.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "Concat", "Gemm", "Relu", "Gemm", "Sigmoid", "Gemm", "Softmax" }, graph.Node.Select(n => n.OpType).ToArray());
        AssertPredictParity(model, TicketInputs, ByTicketName);
    }

    /// <summary>Two inputs, a residual Add, a layer called twice (shared weights) and Dropout.</summary>
    sealed class ResidualModel : Model
    {
        readonly Dense project = new(6, activation: "tanh", name: "project");
        readonly Dense mix = new(6, name: "mix");
        readonly Add residual = new(name: "residual");
        readonly Concatenate join = new(name: "join");
        readonly Dropout dropout = new(0.5);
        readonly Dense head = new(3, activation: "softmax", name: "head");

        protected override Outputs Call(Inputs inputs, bool training)
        {
            var x = project.Apply(inputs[0]);
            var h = residual.Apply(x, mix.Apply(mix.Apply(x)));
            h = dropout.Apply(join.Apply(h, inputs[1]));
            return head.Apply(h);
        }
    }

    [TestMethod]
    public void ResidualTwoInputModel_MatchesPredict()
    {
        var model = new ResidualModel();
        model.Apply([ones(2, 4), ones(2, 2)]);
        RandomizeWeights(model);
        var bytes = Export(model);
        var graph = Parse(bytes).Graph;
        CollectionAssert.AreEqual(new[] { "input_0", "input_1" }, graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "head" }, graph.Output.Select(o => o.Name).ToArray());
        // The shared layer's kernel is one initializer used by both of its calls.
        Assert.AreEqual(1, graph.Initializer.Count(i => i.Name == "mix/kernel"));
        Assert.AreEqual(2, graph.Node.Count(n => n.Input.Contains("mix/kernel")));
        using var session = Session(bytes);
        Assert.AreEqual("batch", session.InputMetadata["input_0"].SymbolicDimensions[0]);
        AssertPredictParity(model, batch => [Normal(batch, 4), Normal(batch, 2)], Positional);
    }

    sealed class RawSumModel : Model
    {
        readonly Dense dense = new(2, name: "after_sum");

        protected override Outputs Call(Inputs inputs, bool training) => dense.Apply(inputs[0] + inputs[1]);
    }

    sealed class RawConcatOutputModel : Model
    {
        readonly Dense left = new(2, name: "left");
        readonly Dense right = new(2, name: "right");

        protected override Outputs Call(Inputs inputs, bool training) => cat([left.Apply(inputs[0]), right.Apply(inputs[0])], 1);
    }

    [TestMethod]
    public void Error_RawTensorOperationNamesTheLayerThatReceivesIt()
    {
        var model = new RawSumModel();
        model.Apply([ones(2, 3), ones(2, 3)]);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => Export(model));
        StringAssert.Contains(error.Message, $"model '{model.Name}' (RawSumModel)");
        StringAssert.Contains(error.Message, "input 0 of layer 'after_sum' (Dense)");
        StringAssert.Contains(error.Message, "tensor operation the exporter cannot see");
        StringAssert.Contains(error.Message, "wrap the operation in a layer (Add");
    }

    [TestMethod]
    public void Error_RawTensorOperationOnTheOutputSaysSo()
    {
        var model = new RawConcatOutputModel();
        model.Apply(ones(2, 3));
        var error = Assert.ThrowsExactly<NotSupportedException>(() => Export(model));
        StringAssert.Contains(error.Message, "output 0 of its Call is computed by a tensor operation");
        StringAssert.Contains(error.Message, "after layer 'right'");
        StringAssert.Contains(error.Message, "Concatenate");
    }

    sealed class CustomLayer : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2;
    }

    sealed class CustomLayerModel : Model
    {
        readonly CustomLayer twice = new();
        readonly Dense dense = new(2);

        protected override Outputs Call(Inputs inputs, bool training) => dense.Apply(twice.Apply(inputs[0]));
    }

    [TestMethod]
    public void Error_CustomLayerInCallNamesItsClass()
    {
        var model = new CustomLayerModel();
        model.Apply(ones(2, 3));
        var error = Assert.ThrowsExactly<NotSupportedException>(() => Export(model));
        StringAssert.Contains(error.Message, $"model '{model.Name}'");
        StringAssert.Contains(error.Message, typeof(CustomLayer).FullName!);
        StringAssert.Contains(error.Message, "has no ONNX mapping");
    }

    [TestMethod]
    public void Error_NeverCalledSubclassedModelAsksForACall()
    {
        var model = new ResidualModel();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Export(model));
        StringAssert.Contains(error.Message, $"model '{model.Name}' (ResidualModel)");
        StringAssert.Contains(error.Message, "never been called");
        StringAssert.Contains(error.Message, "Build(inputShape)");
    }

    [TestMethod]
    public void Listing724SubclassedInsideFunctional_MatchesPredict()
    {
        var inputs = Keras.Input(shape: [3], name: "features");
        var features = new Dense(64, activation: "relu").Apply(inputs);
        var outputs = new MixedStyles.Classifier(numClasses: 10).Apply(features);
        var model = new Model(inputs, outputs);
        RandomizeWeights(model);
        var graph = Parse(Export(model)).Graph;
        Assert.AreEqual("features", graph.Input.Single().Name);
        AssertPredictParity(model, batch => [Normal(batch, 3)], Positional);
    }

    [TestMethod]
    public void Listing724FunctionalInsideSubclassed_MatchesPredict()
    {
        var inner = Keras.Input(shape: [64]);
        var binaryClassifier = new Model(inner, new Dense(1, activation: "sigmoid").Apply(inner));
        var model = new MixedStyles.MyModel(binaryClassifier);
        model.Apply(ones(2, 5));
        RandomizeWeights(model);
        var graph = Parse(Export(model)).Graph;
        Assert.AreEqual("input", graph.Input.Single().Name);
        Assert.AreEqual(binaryClassifier.Name, graph.Output.Single().Name, "the output is named after the nested model that produces it");
        AssertPredictParity(model, batch => [Normal(batch, 5)], Positional);
    }

    /// <summary>A subclassed model calling another subclassed model, which is traced in turn.</summary>
    sealed class Outer : Model
    {
        readonly Dense first = new(8, activation: "relu");
        readonly MixedStyles.Classifier classifier = new(numClasses: 4);

        protected override Outputs Call(Inputs inputs, bool training) => classifier.Apply(first.Apply(inputs[0]));
    }

    [TestMethod]
    public void SubclassedInsideSubclassed_MatchesPredict()
    {
        var model = new Outer();
        model.Build([null, 3]);
        RandomizeWeights(model);
        AssertPredictParity(model, batch => [Normal(batch, 3)], Positional);
    }

    /// <summary>Unknown sizes besides the batch (a sequence length) stay symbolic in the exported graph.</summary>
    sealed class SequenceModel : Model
    {
        readonly Dense perStep = new(4, activation: "relu");
        readonly LayerNormalization norm = new();

        protected override Outputs Call(Inputs inputs, bool training) => norm.Apply(perStep.Apply(inputs[0]));
    }

    [TestMethod]
    public void UnknownSequenceLength_StaysSymbolic()
    {
        var model = new SequenceModel();
        model.Build([null, null, 3]);
        RandomizeWeights(model);
        using var session = Session(Export(model));
        Assert.AreEqual(-1, session.OutputMetadata.Single().Value.Dimensions[1], "the sequence axis of the output is not fixed");
        foreach (var length in new[] { 1, 5 })
        {
            var x = Normal(7, length, 3);
            var diff = MaxAbsDiff(model.Predict(x, verbose: 0)[0], Run(session, x)[0]);
            Assert.IsTrue(diff <= Tolerance, $"length {length}: {diff:E3}");
        }
    }

    [TestMethod]
    public void FitAfterExport_TrainsAndTheRecorderIsOff()
    {
        var model = new ResidualModel();
        model.Apply([ones(2, 4), ones(2, 2)]);
        Export(model);
        Assert.IsNull(LayerCallRecorder.Active, "no recorder stays active after an export");

        var x = new[] { Normal(128, 4), Normal(128, 2) };
        var y = nn.functional.one_hot((x[0][.., 0] > 0).to(ScalarType.Int64) + (x[1][.., 0] > 0).to(ScalarType.Int64), 3).to(ScalarType.Float32);
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy");
        var before = model.Evaluate(x, y, verbose: 0).Loss;
        model.Fit(x, y, epochs: 10, batchSize: 16, verbose: 0);
        var after = model.Evaluate(x, y, verbose: 0).Loss;
        Assert.IsTrue(after < before - 0.05, $"training lowers the loss: {before} -> {after}");

        // A second export carries the trained weights.
        AssertPredictParity(model, batch => [Normal(batch, 4), Normal(batch, 2)], Positional);
    }
}
