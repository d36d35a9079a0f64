using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Layers that hold layers: their weights are saved at Keras's paths (<c>{layer}/{attribute}/vars</c>) and come back,
/// in <c>.keras</c> and <c>.weights.h5</c> files, for user classes as for built-in ones.
/// </summary>
[TestClass]
public sealed class CompositeLayerSavingTests : KerasTestBase
{
    /// <summary>A custom layer holding two Dense layers and a weight of its own: (query(x) + value(x)) · scale. No GetConfig.</summary>
    [KerasSerializable(package: "Tests")]
    sealed class ProjectionPair(int units, string? name = null) : Layer(name)
    {
        readonly Dense query = new(units);

        [TrackedAs("_value_dense")]
        readonly Dense valueDense = new(units, activation: "tanh");

        Variable? scale;

        /// <summary>Output size.</summary>
        public int Units { get; } = units;

        /// <inheritdoc/>
        public override void Build(int?[] inputShape)
        {
            query.Build(inputShape);
            valueDense.Build(inputShape);
            scale = AddWeight("scale", [Units], new RandomNormal(mean: 1.0, stddev: 0.5));
            Built = true;
        }

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => (query.Apply(inputs) + valueDense.Apply(inputs)) * scale!.Value;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], Units];
    }

    /// <summary>A subclassed model around the custom layer; <c>units</c> is kept only by the primary constructor. No GetConfig.</summary>
    [KerasSerializable(package: "Tests")]
    sealed class PairModel(int units, int outputs = 1, string? name = null) : Model(name)
    {
        readonly ProjectionPair pair = new(units);
        readonly Dense head = new(outputs);

        /// <summary>Output size.</summary>
        public int Outputs { get; } = outputs;

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training) => head.Apply(pair.Apply(inputs.Single("PairModel")));

        /// <inheritdoc/>
        public override string ToString() => $"PairModel(units={units}, outputs={Outputs})";
    }

    // Keras's _save_state from the model: its own vars, then its attributes in name order ("head", "layers", "pair"),
    // private ones last. "layers" (the model's layer list) is a container whose layers are named by class, so the pair is
    // saved at layers/projection_pair (the head, reached first as "head", keeps that path); inside the pair, its own
    // vars, then "query", then the private "_value_dense".
    static readonly string[] ExpectedLayout =
    [
        "D head/vars/0 (4, 2) FloatingPoint 4",
        "D head/vars/1 (2) FloatingPoint 4",
        "D layers/projection_pair/_value_dense/vars/0 (3, 4) FloatingPoint 4",
        "D layers/projection_pair/_value_dense/vars/1 (4) FloatingPoint 4",
        "D layers/projection_pair/query/vars/0 (3, 4) FloatingPoint 4",
        "D layers/projection_pair/query/vars/1 (4) FloatingPoint 4",
        "D layers/projection_pair/vars/0 (4) FloatingPoint 4",
        "G head",
        "G head/vars name=dense_2",
        "G layers",
        "G layers/projection_pair",
        "G layers/projection_pair/_value_dense",
        "G layers/projection_pair/_value_dense/vars name=dense_1",
        "G layers/projection_pair/query",
        "G layers/projection_pair/query/vars name=dense",
        "G layers/projection_pair/vars name=projection_pair",
        "G vars name=pair_model",
    ];

    [TestMethod]
    public void SubclassedModelWithACustomCompositeSavesAndReloadsAtKerasPaths()
    {
        var model = new PairModel(4, outputs: 2);
        var x = randn(5, 3);
        var expected = Values(model.Apply(x));
        var directory = TempDir();

        var weightsPath = Path.Combine(directory, "pair.weights.h5");
        model.SaveWeights(weightsPath);
        CollectionAssert.AreEqual(ExpectedLayout, Layout(File.ReadAllBytes(weightsPath)));

        var kerasPath = Path.Combine(directory, "pair.keras");
        model.Save(kerasPath);
        CollectionAssert.AreEqual(ExpectedLayout, Layout(ReadEntryBytes(kerasPath, "model.weights.h5")));
        var config = Config(kerasPath);
        Assert.AreEqual("Tests>PairModel", config["registered_name"]!.GetValue<string>());
        Assert.AreEqual(4, config["config"]!["units"]!.GetValue<int>(), "captured from the primary constructor");
        Assert.AreEqual(2, config["config"]!["outputs"]!.GetValue<int>(), "captured from the property");

        var loaded = (PairModel)Keras.Models.LoadModel(kerasPath);
        Assert.AreEqual("PairModel(units=4, outputs=2)", loaded.ToString());
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)), ".keras round trip");

        Keras.ClearSession();
        var fresh = new PairModel(4, outputs: 2);
        fresh.Apply(x);
        CollectionAssert.AreNotEqual(expected, Values(fresh.Apply(x)), "fresh weights differ before loading");
        fresh.LoadWeights(weightsPath);
        CollectionAssert.AreEqual(expected, Values(fresh.Apply(x)), ".weights.h5 round trip");
    }

    /// <summary>Stands for Keras's LSTM cell: Keras's three weights (the computation does not matter here).</summary>
    sealed class LSTMCell(int units, string? name = null) : Layer(name)
    {
        public Variable? Kernel { get; private set; }

        /// <inheritdoc/>
        public override void Build(int?[] inputShape)
        {
            Kernel = AddWeight("kernel", [inputShape[^1], 4 * units]);
            AddWeight("recurrent_kernel", [units, 4 * units]);
            AddWeight("bias", [4 * units], new Zeros());
            Built = true;
        }

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => matmul(inputs, Kernel!.Value)[.., ..units];
    }

    /// <summary>Stands for Keras's LSTM: no weights of its own, its cell at the attribute <c>cell</c>.</summary>
    sealed class LSTM(int units, string? name = null) : Layer(name)
    {
        readonly LSTMCell cell = new(units);

        /// <inheritdoc/>
        public override void Build(int?[] inputShape)
        {
            cell.Build([inputShape[0], inputShape[^1]]);
            Built = true;
        }

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => cell.Apply(inputs[.., -1, ..]);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], units];
    }

    [TestMethod]
    public void ACompositeReadsAndWritesTheWeightsOfARealKeras3Lstm()
    {
        // Keras 3.8 wrote layers/lstm/vars (empty) and layers/lstm/cell/vars (kernel, recurrent kernel, bias).
        var path = WildFixture("2e6f3c65__04mscott+Air-Quality-App__c4fb157_model.keras");
        var model = new Sequential([Keras.Input(shape: [24, 10]), new LSTM(64), new Dense(32), new Dense(8)]);

        model.LoadWeights(path);

        var h5 = ReadEntryBytes(path, "model.weights.h5");
        string[] datasets = ["layers/lstm/cell/vars/0", "layers/lstm/cell/vars/1", "layers/lstm/cell/vars/2", "layers/dense/vars/0", "layers/dense_1/vars/1"];
        var weights = new[] { 0, 1, 2, 3, 6 }.Select(i => model.Weights[i]).ToArray();
        for (var i = 0; i < datasets.Length; i++) CollectionAssert.AreEqual(ReadFloats(h5, datasets[i]), weights[i].ToArray(), datasets[i]);

        var resaved = Path.Combine(TempDir(), "lstm.weights.h5");
        model.SaveWeights(resaved);
        var kerasLayout = Layout(h5).Where(l => !l.Contains("optimizer")).ToList();
        var layout = Layout(File.ReadAllBytes(resaved));
        // The same groups, datasets and names as Keras wrote.
        CollectionAssert.AreEqual(kerasLayout, layout);
    }

    /// <summary>Saves its state its own way: its kernel transposed, under the key "kernel_t" (Keras's save_own_variables).</summary>
    sealed class TransposedStore(string? name = null) : Layer(name)
    {
        public Variable? Kernel { get; private set; }

        /// <inheritdoc/>
        public override void Build(int?[] inputShape)
        {
            Kernel = AddWeight("kernel", [inputShape[^1], 2]);
            Built = true;
        }

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => matmul(inputs, Kernel!.Value);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], 2];

        /// <inheritdoc/>
        public override void SaveOwnVariables(VariableStore store)
        {
            using var transposed = Kernel!.Value.t();
            store["kernel_t"] = transposed;
        }

        /// <inheritdoc/>
        public override void LoadOwnVariables(VariableStore store)
        {
            if (!store.ContainsKey("kernel_t")) throw new InvalidOperationException($"no kernel_t in {store.VarsPath}");
            using var kernel = store["kernel_t"].t();
            Kernel!.Assign(kernel);
        }
    }

    [TestMethod]
    public void ALayerSavesAndLoadsItsOwnVariablesItsOwnWay()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(3), new TransposedStore()]);
        var x = randn(4, 3);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "own.weights.h5");
        model.SaveWeights(path);

        var h5 = File.ReadAllBytes(path);
        CollectionAssert.Contains(Layout(h5), "D layers/transposed_store/vars/kernel_t (2, 3) FloatingPoint 4");
        CollectionAssert.AreEqual(Values(((TransposedStore)model.Layers[1]).Kernel!.Value.t()), ReadFloats(h5, "layers/transposed_store/vars/kernel_t"));

        var copy = new Sequential([Keras.Input(shape: [3]), new Dense(3), new TransposedStore()]);
        copy.LoadWeights(path);
        CollectionAssert.AreEqual(expected, Values(copy.Apply(x)));

        // A custom load that fails leaves every weight as it was, the Dense loaded before it included.
        var other = new Sequential([Keras.Input(shape: [3]), new Dense(3), new Dense(2)]);
        var otherPath = Path.Combine(TempDir(), "other.weights.h5");
        other.SaveWeights(otherPath);
        var target = new Sequential([Keras.Input(shape: [3]), new Dense(3), new TransposedStore()]);
        target.Apply(x);
        var untouched = WeightValues(target);
        var failing = RenameGroup(otherPath, "layers/dense_1", "layers/transposed_store");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => target.LoadWeights(failing));
        StringAssert.Contains(error.Message, "no kernel_t in layers/transposed_store/vars");
        var after = WeightValues(target);
        for (var i = 0; i < untouched.Length; i++) CollectionAssert.AreEqual(untouched[i], after[i], $"weight {i} restored");
    }

    // A copy of a weights file with one group moved (through PureHDF: read every dataset, write them back).
    static string RenameGroup(string path, string from, string to)
    {
        using var source = PureHDF.H5File.OpenRead(path);
        var file = new PureHDF.H5File();
        void Copy(PureHDF.IH5Group group, PureHDF.H5Group target, string at)
        {
            foreach (var child in group.Children())
            {
                var childPath = at.Length == 0 ? child.Name : $"{at}/{child.Name}";
                var name = childPath == from ? to.Split('/')[^1] : child.Name;
                if (child is PureHDF.IH5Group g)
                {
                    var copy = new PureHDF.H5Group();
                    if (g.AttributeExists("name")) copy.Attributes = new() { ["name"] = g.Attribute("name").Read<string>() };
                    Copy(g, copy, childPath);
                    target[name] = copy;
                }
                else if (child is PureHDF.IH5Dataset d)
                    target[name] = new PureHDF.H5Dataset(d.Read<float[]>(), fileDims: d.Space.Dimensions);
            }
        }
        Copy(source, file, "");
        var result = Path.Combine(TempDir(), "renamed.weights.h5");
        file.Write(result);
        return result;
    }

    /// <summary>Keeps a vocabulary as an asset file, as StringLookup does (Keras's save_assets / load_assets).</summary>
    [KerasSerializable(package: "Tests")]
    sealed class VocabularyLayer(string? name = null) : Layer(name)
    {
        public List<string> Vocabulary { get; private set; } = [];

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * Vocabulary.Count;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

        /// <inheritdoc/>
        public override void SaveAssets(AssetStore store) => store.WriteAllText("vocabulary.txt", string.Join("\n", Vocabulary));

        /// <inheritdoc/>
        public override void LoadAssets(AssetStore store) => Vocabulary = [.. store.ReadAllText("vocabulary.txt").Split('\n')];
    }

    [TestMethod]
    public void AssetsAreSavedInTheArchiveAtTheLayersPathAndLoadedBack()
    {
        var vocabulary = new VocabularyLayer();
        vocabulary.Vocabulary.AddRange(["[UNK]", "the", "café"]);
        var model = new Sequential([Keras.Input(shape: [2]), vocabulary]);
        var path = Path.Combine(TempDir(), "vocabulary.keras");
        model.Save(path);

        CollectionAssert.Contains(EntryNames(path), "assets/layers/vocabulary_layer/vocabulary.txt");
        Assert.AreEqual("[UNK]\nthe\ncafé", ReadEntry(path, "assets/layers/vocabulary_layer/vocabulary.txt"));

        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(new[] { "[UNK]", "the", "café" }, ((VocabularyLayer)loaded.Layers[0]).Vocabulary);
        CollectionAssert.AreEqual(new[] { 3f, 3f }, Values(loaded.Apply(ones(1, 2))));

        // An archive without the file: the error names the layer and the missing entry.
        var stripped = Path.Combine(TempDir(), "stripped.keras");
        RewriteEntry(path, stripped, "assets/layers/vocabulary_layer/vocabulary.txt", null);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(stripped));
        StringAssert.Contains(error.Message, "assets/layers/vocabulary_layer/vocabulary.txt");
        StringAssert.Contains(error.Message, "VocabularyLayer");
    }
}
