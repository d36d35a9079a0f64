namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>The one sublayer tracker: which members hold sublayers, their Python attribute names, and what reads them.</summary>
[TestClass]
public sealed class LayerTrackingTests : KerasTestBase
{
    /// <summary>A base class with one sublayer, for the walk from the base down to the most-derived class.</summary>
    class BaseComposite(string? name = null) : Layer(name)
    {
        protected readonly Dense first = new(2, name: "first");

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => first.Apply(inputs);
    }

    /// <summary>Holds sublayers every way a class can: field, auto-property, renamed field, list, dictionary, nested list, primary-constructor parameter.</summary>
    sealed class EveryWay(Dense captured, string? name = null) : BaseComposite(name)
    {
        Dense Property { get; } = new(2, name: "property");

        [TrackedAs("_value_dense")]
        readonly Dense value = new(2, name: "value");

        readonly List<Dense> stack = [new(2, name: "stack_0"), new(2, name: "stack_1")];
        readonly Dictionary<string, Layer> byName = new() { ["a"] = new Dense(2, name: "by_name_a") };
        readonly List<List<Dense>> nested = [[new(2, name: "nested_0")]];
        readonly int[] numbers = [1, 2];

        [DoNotTrack]
        readonly Dense teacher = new(2, name: "teacher");

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training)
        {
            var x = first.Apply(inputs);
            foreach (var layer in new[] { Property, value, stack[0], stack[1], (Dense)byName["a"], nested[0][0], captured }) x = layer.Apply(x);
            return x + numbers.Length * 0;
        }

        public Dense Teacher => teacher;
    }

    [TestMethod]
    public void AttributesAreFoundBaseClassFirstWithPythonNames()
    {
        var layer = new EveryWay(new Dense(2, name: "captured"));

        var attributes = LayerTracking.Attributes(layer).Select(a => a.Name).ToList();
        // A captured primary-constructor parameter is declared with the class, before its members.
        CollectionAssert.AreEqual(new[] { "first", "captured", "property", "_value_dense", "stack", "by_name", "nested" }, attributes);

        var sublayers = LayerTracking.FindSublayers(layer).Select(l => l.Name).ToList();
        CollectionAssert.AreEqual(new[] { "first", "captured", "property", "value", "stack_0", "stack_1", "by_name_a", "nested_0" }, sublayers);
    }

    [TestMethod]
    public void WeightsAndTrainableFollowTheTracker()
    {
        var layer = new EveryWay(new Dense(2, name: "captured"));
        layer.Apply(ones(1, 3));

        // Own weights first (none here), then every sublayer's, in tracking order; the untracked teacher's are not counted.
        CollectionAssert.AreEqual(
            new[] { "first", "captured", "property", "value", "stack_0", "stack_1", "by_name_a", "nested_0" }.SelectMany(n => new[] { $"{n}/kernel", $"{n}/bias" }).ToArray(),
            layer.Weights.Select(w => w.Path).ToArray());
        Assert.AreEqual(16, layer.TrainableWeights.Count);

        layer.Trainable = false;
        Assert.IsEmpty(layer.TrainableWeights);
        Assert.IsTrue(layer.Weights.All(w => !w.Trainable), "freezing reaches the sublayers in lists, dictionaries and nested lists");
        Assert.IsTrue(layer.Teacher.Trainable, "an untracked layer is not frozen with its holder");
    }

    [TestMethod]
    public void SavingWritesEverySublayerAtItsAttributePath()
    {
        var inner = new EveryWay(new Dense(2, name: "captured"));
        var model = new Sequential([Keras.Input(shape: [3]), inner]);
        var path = Path.Combine(Saving.SavingTestFiles.TempDir(), "every_way.weights.h5");
        model.SaveWeights(path);

        var groups = Saving.SavingTestFiles.Layout(File.ReadAllBytes(path)).Where(l => l.StartsWith("G ") && l.Contains("vars name=")).ToList();
        // Keras's rules: attributes in name order, private ones last; a list's layers named by class, numbered in the list;
        // a nested list is "container"; a dictionary is walked by its values.
        CollectionAssert.AreEqual(new[]
        {
            "G layers/every_way/_value_dense/vars name=value",
            "G layers/every_way/by_name/dense/vars name=by_name_a",
            "G layers/every_way/captured/vars name=captured",
            "G layers/every_way/first/vars name=first",
            "G layers/every_way/nested/container/dense/vars name=nested_0",
            "G layers/every_way/property/vars name=property",
            "G layers/every_way/stack/dense/vars name=stack_0",
            "G layers/every_way/stack/dense_1/vars name=stack_1",
            "G layers/every_way/vars name=every_way",
            "G vars name=sequential",
        }, groups);

        var copy = new Sequential([Keras.Input(shape: [3]), new EveryWay(new Dense(2, name: "captured"))]);
        copy.LoadWeights(path);
        var x = randn(4, 3);
        CollectionAssert.AreEqual(Saving.SavingTestFiles.Values(model.Apply(x)), Saving.SavingTestFiles.Values(copy.Apply(x)));
    }

    [TestMethod]
    public void OnnxNamesASublayersWeightsUnderItsOwnerAsKerasPathsDo()
    {
        var layer = new EveryWay(new Dense(2, name: "captured"), name: "composite");
        layer.Apply(ones(1, 3));
        var value = layer.Weights.Single(w => w.Path == "value/kernel");
        Assert.AreEqual("composite/value/kernel", LayerTracking.WeightPath(layer, value));
        var context = new KerasStyle.Onnx.LayerExportContext(new KerasStyle.Onnx.OnnxGraphBuilder(17), [], "", (_, _) => [], layer);
        Assert.AreEqual("composite/value/kernel", context.Weight(value).Name);
        Assert.AreEqual("stack_1/bias", LayerTracking.WeightPath(new Dense(1), layer.Weights.Single(w => w.Path == "stack_1/bias")), "not held: its own path");
    }

    /// <summary>A field hiding a base class's field of the same name: two objects for one Python attribute.</summary>
    sealed class Hiding : BaseComposite
    {
        new readonly Dense first = new(2, name: "hidden_first");

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => first.Apply(base.first.Apply(inputs));
    }

    [TestMethod]
    public void TwoAttributesWithOneNameAreAnErrorAtSave()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Hiding()]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.SaveWeights(Path.Combine(Saving.SavingTestFiles.TempDir(), "h.weights.h5")));
        StringAssert.Contains(error.Message, "layers/hiding/first");
        StringAssert.Contains(error.Message, "TrackedAs");
    }
}
