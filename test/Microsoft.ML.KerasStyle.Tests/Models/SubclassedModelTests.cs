namespace Microsoft.ML.KerasStyle.Tests.Models;

[TestClass]
public sealed class SubclassedModelTests : KerasTestBase
{
    sealed class TicketModel : Model
    {
        readonly Concatenate concatLayer = new();
        readonly Dense mixingLayer = new(8, activation: "relu");
        readonly Dense priorityScorer = new(1, activation: "sigmoid", name: "priority");
        readonly Dense departmentClassifier;

        public TicketModel(int numDepartments) => departmentClassifier = new(numDepartments, activation: "softmax", name: "department");

        protected override Outputs Call(Inputs inputs, bool training)
        {
            var features = mixingLayer.Apply(concatLayer.Apply(inputs["title"], inputs["text_body"], inputs["tags"]));
            return [priorityScorer.Apply(features), departmentClassifier.Apply(features)];
        }
    }

    /// <summary>Records the training flag it sees.</summary>
    sealed class Probe : Layer
    {
        public bool? LastTraining;

        protected override Tensor Call(Tensor inputs, bool training)
        {
            LastTraining = training;
            return inputs;
        }
    }

    sealed class Holder : Model
    {
        public Probe Probe { get; } = new();
        readonly List<Dense> stack = [new Dense(2), new Dense(2)];
        [DoNotTrack] readonly Dense notMine = new(5);

        protected override Outputs Call(Inputs inputs, bool training) => Probe.Apply(stack[1].Apply(stack[0].Apply(inputs[0])));

        public Dense NotMine => notMine;
    }

    static Inputs Data(int n) => new() { ["title"] = ones(n, 6), ["text_body"] = zeros(n, 6), ["tags"] = ones(n, 2) };

    [TestMethod]
    public void FieldsAreTrackedAndWeightsBuiltOnFirstCall()
    {
        var model = new TicketModel(numDepartments: 4);
        Assert.AreEqual("ticket_model", model.Name);
        Assert.IsFalse(model.Built);
        CollectionAssert.AreEqual(new[] { "concatenate", "dense", "priority", "department" }, model.Layers.Select(l => l.Name).ToArray());
        Assert.AreEqual(0, model.Weights.Count);
        var (priority, department) = model.Apply(Data(5));
        CollectionAssert.AreEqual(new long[] { 5, 1 }, priority.shape);
        CollectionAssert.AreEqual(new long[] { 5, 4 }, department.shape);
        Assert.IsTrue(model.Built);
        Assert.AreEqual(6, model.Weights.Count, "three Dense layers, kernel and bias each");
        Assert.AreEqual(14 * 8 + 8 + 9 + 36, model.CountParams());
    }

    [TestMethod]
    public void SummaryListsLayersWithoutConnections()
    {
        var model = new TicketModel(4);
        model.Apply(Data(2));
        var text = model.Summary(printFn: _ => { });
        StringAssert.Contains(text, "Model: \"ticket_model\"");
        StringAssert.Contains(text, "│ dense (Dense)");
        StringAssert.Contains(text, "(None, 8)");
        Assert.IsFalse(text.Contains("Connected to"));
    }

    [TestMethod]
    public void GraphOnlyFeaturesSayThereIsNoGraph()
    {
        var model = new TicketModel(4);
        model.Apply(Data(2));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => _ = model.InputTensors);
        StringAssert.Contains(error.Message, "subclassed model's connections live in its Call method");
        var plot = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Utils.PlotModel(model, Path.Combine(Path.GetTempPath(), "never.png")));
        StringAssert.Contains(plot.Message, "is a subclassed model");
    }

    [TestMethod]
    public void PropertiesListsAndDoNotTrackAreHonoured()
    {
        var model = new Holder();
        model.Apply(ones(3, 4));
        CollectionAssert.AreEqual(new[] { "probe", "dense", "dense_1" }, model.Layers.Select(l => l.Name).ToArray());
        Assert.AreEqual(4, model.Weights.Count);
        Assert.IsFalse(model.Layers.Contains(model.NotMine));
    }

    [TestMethod]
    public void TrainingFlagReachesNestedLayers()
    {
        var model = new Holder();
        model.Apply(ones(1, 4), training: true);
        Assert.IsTrue(model.Probe.LastTraining);
        model.Apply(ones(1, 4));
        Assert.IsFalse(model.Probe.LastTraining);
    }

    [TestMethod]
    public void SubclassedModelInsideFunctionalModel()
    {
        var inputs = Keras.Input(shape: [3]);
        var features = new Dense(64, activation: "relu").Apply(inputs);
        var inner = new Holder();
        var outputs = inner.Apply(features);
        CollectionAssert.AreEqual(new int?[] { null, 2 }, outputs.Shape);
        var model = new Model(inputs, outputs);
        Assert.AreEqual(256 + 130 + 6, model.CountParams());
        CollectionAssert.AreEqual(new long[] { 7, 2 }, model.Apply(ones(7, 3)).shape);
    }

    [TestMethod]
    public void FunctionalModelInsideSubclassedModel()
    {
        var inner = Keras.Input(shape: [64]);
        var binaryClassifier = new Model(inner, new Dense(1, activation: "sigmoid").Apply(inner));
        var model = new Wrapper(binaryClassifier);
        var y = model.Apply(ones(2, 10));
        CollectionAssert.AreEqual(new long[] { 2, 1 }, y.shape);
        Assert.AreEqual(10 * 64 + 64 + 65, model.CountParams());
        Assert.AreSame(binaryClassifier, model.Layers[1]);
    }

    sealed class Wrapper(Model classifier) : Model
    {
        readonly Dense dense = new(64, activation: "relu");
        readonly Model classifier = classifier;

        protected override Outputs Call(Inputs inputs, bool training) => classifier.Apply(dense.Apply(inputs[0]));
    }

    [TestMethod]
    public void ExplicitBuildCreatesWeightsWithoutData()
    {
        var model = new Holder();
        model.Build([null, 4]);
        Assert.IsTrue(model.Built);
        Assert.AreEqual(10 + 6, model.CountParams());
    }
}
