namespace Microsoft.ML.KerasStyle.Tests.Models;

[TestClass]
public sealed class FunctionalModelTests : KerasTestBase
{
    sealed record Ticket(KerasTensor Title, KerasTensor TextBody, KerasTensor Tags, KerasTensor Priority, KerasTensor Department, Model Model);

    static Ticket TicketModel(int vocabulary = 10000, int tagsCount = 100)
    {
        var title = Keras.Input(shape: [vocabulary], name: "title");
        var textBody = Keras.Input(shape: [vocabulary], name: "text_body");
        var tags = Keras.Input(shape: [tagsCount], name: "tags");
        var features = new Concatenate().Apply(title, textBody, tags);
        features = new Dense(64, activation: "relu").Apply(features);
        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(features);
        var department = new Dense(4, activation: "softmax", name: "department").Apply(features);
        return new(title, textBody, tags, priority, department, new Model(inputs: [title, textBody, tags], outputs: [priority, department]));
    }

    [TestMethod]
    public void InputIsSymbolicWithNoneBatch()
    {
        var inputs = Keras.Input(shape: [3], name: "my_input");
        CollectionAssert.AreEqual(new int?[] { null, 3 }, inputs.Shape);
        Assert.AreEqual("my_input", inputs.Name);
        Assert.AreEqual("float32", inputs.Dtype);
        Assert.IsInstanceOfType<InputLayer>(inputs.Layer);
        Assert.AreEqual("<KerasTensor shape=(None, 3), dtype=float32, sparse=False, name=my_input>", inputs.ToString());
        var features = new Dense(64, activation: "relu").Apply(inputs);
        CollectionAssert.AreEqual(new int?[] { null, 64 }, features.Shape);
        var model = new Model(inputs, new Dense(10, activation: "softmax").Apply(features));
        Assert.AreEqual("functional", model.Name);
        Assert.AreEqual("Functional", model.ClassName);
        Assert.AreEqual(906, model.CountParams());
    }

    [TestMethod]
    public void TicketModelHasKerasLayersOrderAndParamCounts()
    {
        var t = TicketModel();
        var layers = t.Model.Layers;
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags", "concatenate", "dense", "priority", "department" }, layers.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "InputLayer", "InputLayer", "InputLayer", "Concatenate", "Dense", "Dense", "Dense" }, layers.Select(l => l.ClassName).ToArray());
        Assert.AreEqual(20_100 * 64 + 64, layers[4].CountParams());
        Assert.AreEqual(65, layers[5].CountParams());
        Assert.AreEqual(260, layers[6].CountParams());
        Assert.AreEqual(1_286_789, t.Model.CountParams());
        CollectionAssert.AreEqual(new[] { "title", "text_body", "tags" }, t.Model.InputNames.ToArray());
        CollectionAssert.AreEqual(new[] { "priority", "department" }, t.Model.OutputNames.ToArray());
    }

    [TestMethod]
    public void TicketSummaryHasConnectedToColumnAndTotals()
    {
        var text = TicketModel().Model.Summary(lineLength: 200, printFn: _ => { });
        StringAssert.Contains(text, "Connected to");
        StringAssert.Contains(text, "title[0][0], text_body[0][0], tags[0][0]");
        StringAssert.Contains(text, "concatenate[0][0]");
        StringAssert.Contains(text, "1,286,464");
        StringAssert.Contains(text, " Total params: 1,286,789 (4.91 MB)");
    }

    [TestMethod]
    public void LayerInputAndOutputAreTheGraphTensors()
    {
        var t = TicketModel();
        var concatInputs = t.Model.Layers[3].Input;
        Assert.AreEqual(3, concatInputs.Count);
        Assert.AreSame(t.Title, concatInputs[0]);
        CollectionAssert.AreEqual(new int?[] { null, 100 }, t.Model.Layers[2].Output.Shape);
        CollectionAssert.AreEqual(new int?[] { null, 20100 }, t.Model.Layers[3].Output.Shape);
        Assert.AreSame(t.Model.GetLayer("priority"), t.Model.Layers[5]);
        var error = Assert.ThrowsExactly<ArgumentException>(() => t.Model.GetLayer("nope"));
        StringAssert.Contains(error.Message, "No such layer: 'nope'. Existing layers are: ['title', 'text_body'");
        Assert.ThrowsExactly<InvalidOperationException>(() => _ = t.Model.Layers[3].Output.Single.Layer.Input.Single, "three inputs are not one");
    }

    [TestMethod]
    public void FeatureExtractionBuildsNewModelSharingWeights()
    {
        var t = TicketModel();
        var hidden = t.Model.Layers[4].Output;
        var difficulty = new Dense(3, activation: "softmax", name: "difficulty").Apply(hidden);
        var newModel = new Model(inputs: [t.Title, t.TextBody, t.Tags], outputs: [t.Priority, t.Department, difficulty]);
        Assert.AreEqual(8, newModel.Layers.Count);
        Assert.AreSame(t.Model.Layers[4].Weights[0], newModel.GetLayer("dense").Weights[0]);
        Assert.AreEqual(1_286_789 + 64 * 3 + 3, newModel.CountParams());
        var outputs = newModel.Apply(new Inputs { ["title"] = zeros(2, 10000), ["text_body"] = zeros(2, 10000), ["tags"] = ones(2, 100) });
        Assert.AreEqual(3, outputs.Count);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, outputs["difficulty"].shape);
        var (p, d) = t.Model.Apply(new Inputs { ["title"] = zeros(2, 10000), ["text_body"] = zeros(2, 10000), ["tags"] = ones(2, 100) });
        LayerTestHarness.AssertClose(LayerTestHarness.Values(p), outputs["priority"]);
        LayerTestHarness.AssertClose(LayerTestHarness.Values(d), outputs[1]);
    }

    [TestMethod]
    public void ForwardPassEqualsHandComputation()
    {
        // a (2 features), b (1 feature) → concat (3) → Dense(2, relu) → [Dense(1) linear, Dense(2) softmax]
        var a = Keras.Input(shape: [2], name: "a");
        var b = Keras.Input(shape: [1], name: "b");
        var hiddenLayer = new Dense(2, activation: "relu");
        var h = hiddenLayer.Apply(new Concatenate().Apply(a, b));
        var linear = new Dense(1);
        var soft = new Dense(2, activation: "softmax");
        var model = new Model([a, b], [linear.Apply(h), soft.Apply(h)]);

        float[] x = [0.5f, -1f, 2f];
        var (o1, o2) = model.Apply(new Inputs { ["b"] = tensor(new[] { x[2] }, [1, 1]), ["a"] = tensor(new[] { x[0], x[1] }, [1, 2]) });

        var w = hiddenLayer.Weights[0].ToArray(); var bh = hiddenLayer.Weights[1].ToArray();
        var hid = new float[2];
        for (var j = 0; j < 2; j++)
        {
            var s = bh[j];
            for (var i = 0; i < 3; i++) s += x[i] * w[i * 2 + j];
            hid[j] = Math.Max(0, s);
        }
        var wl = linear.Weights[0].ToArray(); var bl = linear.Weights[1].ToArray();
        var expected1 = hid[0] * wl[0] + hid[1] * wl[1] + bl[0];
        var ws = soft.Weights[0].ToArray(); var bs = soft.Weights[1].ToArray();
        var z = new double[2];
        for (var j = 0; j < 2; j++) z[j] = hid[0] * ws[j] + hid[1] * ws[2 + j] + bs[j];
        var e = z.Select(Math.Exp).ToArray();
        LayerTestHarness.AssertClose([expected1], o1);
        LayerTestHarness.AssertClose([(float)(e[0] / e.Sum()), (float)(e[1] / e.Sum())], o2);
    }

    [TestMethod]
    public void SharedLayerAppliedTwiceHasTwoNodesAndOneSetOfWeights()
    {
        var left = Keras.Input(shape: [4], name: "left");
        var right = Keras.Input(shape: [4], name: "right");
        var shared = new Dense(3, name: "shared");
        var model = new Model([left, right], new Add().Apply(shared.Apply(left), shared.Apply(right)));
        Assert.AreEqual(2, shared.InboundNodes.Count);
        Assert.AreEqual(1, model.Layers.Count(l => l == shared));
        Assert.AreEqual(15, model.CountParams());
        var x = randn(2, 4);
        var y = model.Apply(new Inputs { x, x });
        LayerTestHarness.AssertClose(LayerTestHarness.Values(shared.Apply(x) * 2), y);
        StringAssert.Contains(model.Summary(lineLength: 120, printFn: _ => { }), "left[0][0], right[0][0]");
    }

    [TestMethod]
    public void NestedModelActsAsALayer()
    {
        var innerInput = Keras.Input(shape: [3]);
        var inner = new Model(innerInput, new Dense(2).Apply(innerInput), name: "inner");
        var outerInput = Keras.Input(shape: [5]);
        var outer = new Model(outerInput, inner.Apply(new Dense(3).Apply(outerInput)));
        CollectionAssert.AreEqual(new int?[] { null, 2 }, outer.OutputTensors[0].Shape);
        Assert.AreEqual(18 + 8, outer.CountParams());
        Assert.AreEqual(4, outer.Weights.Count);
        var x = randn(4, 5);
        var expected = inner.Apply(outer.Layers[1].Apply(x));
        LayerTestHarness.AssertClose(LayerTestHarness.Values(expected), outer.Apply(x));
        StringAssert.Contains(outer.Summary(printFn: _ => { }), "inner (Functional)");
        StringAssert.Contains(outer.Summary(printFn: _ => { }, expandNested: true), "dense (Dense)");
    }

    [TestMethod]
    public void MissingInputIsGraphDisconnectedError()
    {
        var t = TicketModel(vocabulary: 8, tagsCount: 4);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Model(inputs: [t.Title, t.TextBody], outputs: [t.Priority]));
        StringAssert.Contains(error.Message, "Graph disconnected");
        StringAssert.Contains(error.Message, "'tags'");
    }

    [TestMethod]
    public void DuplicateLayerNamesInGraphAreRejected()
    {
        var x = Keras.Input(shape: [2]);
        var y = new Dense(2, name: "twin").Apply(new Dense(2, name: "twin").Apply(x));
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Model(x, y));
        StringAssert.Contains(error.Message, "the name \"twin\" is used 2 times in the model");
    }

    [TestMethod]
    public void InnerTensorAsInputIsRejected()
    {
        var x = Keras.Input(shape: [2]);
        var h = new Dense(2).Apply(x);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Model(h, new Dense(1).Apply(h)));
        StringAssert.Contains(error.Message, "is not a Keras.Input tensor");
    }

    [TestMethod]
    public void WrongDataShapeNamesModelAndShapes()
    {
        var x = Keras.Input(shape: [3]);
        var model = new Model(x, new Dense(2).Apply(x));
        var error = Assert.ThrowsExactly<ArgumentException>(() => model.Apply(zeros(2, 5)));
        Assert.AreEqual("Input 0 of layer \"functional\" is incompatible with the layer: expected shape=(None, 3), found shape=(2, 5)", error.Message);
    }

    [TestMethod]
    public void MissingNamedInputListsExpectedNames()
    {
        var t = TicketModel(vocabulary: 8, tagsCount: 4);
        var error = Assert.ThrowsExactly<ArgumentException>(() => t.Model.Apply(new Inputs { ["title"] = zeros(1, 8), ["tags"] = zeros(1, 4) }));
        StringAssert.Contains(error.Message, "missing input(s) ['text_body']");
        StringAssert.Contains(error.Message, "Expected inputs: ['title', 'text_body', 'tags']");
    }

    [TestMethod]
    public void WrongSymbolicShapeIntoBuiltLayerIsKerasError()
    {
        var dense = new Dense(2);
        dense.Apply(Keras.Input(shape: [3]));
        var error = Assert.ThrowsExactly<ArgumentException>(() => dense.Apply(Keras.Input(shape: [4])));
        Assert.AreEqual("Input 0 of layer \"dense\" is incompatible with the layer: expected axis -1 of input shape to have value 3, but received input with shape (None, 4)", error.Message);
    }
}
