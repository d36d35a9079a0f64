using Microsoft.ML.KerasStyle.Optimizers;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class WeightsFileTests : KerasTestBase
{
    static Sequential Mlp(int hidden = 5, int extraLayers = 0)
    {
        var layers = new List<Layer> { Keras.Input(shape: [3]), new Dense(hidden, activation: "relu") };
        for (var i = 0; i < extraLayers; i++) layers.Add(new Dense(hidden));
        layers.Add(new Dense(2));
        return new Sequential(layers);
    }

    [TestMethod]
    public void WeightsLoadIntoAFreshModelOfTheSameArchitecture()
    {
        var source = Mlp();
        var path = Path.Combine(TempDir(), "mlp.weights.h5");
        source.SaveWeights(path);
        var target = Mlp();
        Assert.AreNotEqual(source.Weights[0].ToArray()[0], target.Weights[0].ToArray()[0], "fresh weights differ before loading");

        target.LoadWeights(path);

        var expected = WeightValues(source);
        var actual = WeightValues(target);
        for (var i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], source.Weights[i].Path);
        var layout = Layout(File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[]
        {
            "D layers/dense/vars/0 (3, 5) FloatingPoint 4",
            "D layers/dense/vars/1 (5) FloatingPoint 4",
            "D layers/dense_1/vars/0 (5, 2) FloatingPoint 4",
            "D layers/dense_1/vars/1 (2) FloatingPoint 4",
            "G layers",
            "G layers/dense",
            "G layers/dense/vars name=dense",
            "G layers/dense_1",
            "G layers/dense_1/vars name=dense_1",
            "G vars name=sequential",
        }, layout);
    }

    [TestMethod]
    public void GroupsAreNamedByClassNotByLayerName()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4, name: "hidden"), new Dense(1, name: "score")]);
        var path = Path.Combine(TempDir(), "named.weights.h5");
        model.SaveWeights(path);
        var layout = Layout(File.ReadAllBytes(path));
        CollectionAssert.Contains(layout, "G layers/dense/vars name=hidden");
        CollectionAssert.Contains(layout, "G layers/dense_1/vars name=score");
    }

    [TestMethod]
    public void MissingGroupIsAnErrorNamingItAndNothingChanges()
    {
        var source = Mlp();
        var path = Path.Combine(TempDir(), "small.weights.h5");
        source.SaveWeights(path);
        var bigger = Mlp(extraLayers: 1); // dense, dense_1, dense_2: the file has no layers/dense_2
        var before = WeightValues(bigger);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => bigger.LoadWeights(path));

        StringAssert.Contains(error.Message, "layers/dense_2/vars");
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "Groups there: layers/dense, layers/dense_1.");
        var after = WeightValues(bigger);
        for (var i = 0; i < before.Length; i++) CollectionAssert.AreEqual(before[i], after[i], "a failed load changes no weight");
    }

    [TestMethod]
    public void ShapeMismatchIsAnErrorNamingTheDatasetAndBothShapes()
    {
        var path = Path.Combine(TempDir(), "five.weights.h5");
        Mlp(hidden: 5).SaveWeights(path);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Mlp(hidden: 6).LoadWeights(path));
        StringAssert.Contains(error.Message, "layers/dense/vars/0");
        StringAssert.Contains(error.Message, "(3, 5)");
        StringAssert.Contains(error.Message, "(3, 6)");
    }

    [TestMethod]
    public void SkipMismatchLoadsTheLayersThatFit()
    {
        var path = Path.Combine(TempDir(), "five.weights.h5");
        var source = Mlp(hidden: 5);
        source.SaveWeights(path);
        var target = new Sequential([Keras.Input(shape: [3]), new Dense(6, activation: "relu"), new Dense(2)]);
        var firstBefore = target.Weights[0].ToArray();
        target.LoadWeights(path, skipMismatch: true);
        CollectionAssert.AreEqual(firstBefore, target.Weights[0].ToArray(), "the mismatched layer keeps its weights");
        Assert.AreEqual(source.Weights[3].ToArray()[0], target.Weights[3].ToArray()[0], "bias of the last layer (shape (2)) matches and loads");
    }

    [TestMethod]
    public void ExtensionsAreCheckedAsKerasChecksThem()
    {
        var model = Mlp();
        var dir = TempDir();
        var weights = Assert.ThrowsExactly<ArgumentException>(() => model.SaveWeights(Path.Combine(dir, "x.h5")));
        StringAssert.Contains(weights.Message, ".weights.h5");
        var full = Assert.ThrowsExactly<ArgumentException>(() => model.Save(Path.Combine(dir, "x.h5")));
        StringAssert.Contains(full.Message, ".keras");
        Assert.ThrowsExactly<ArgumentException>(() => Keras.Models.LoadModel(Path.Combine(dir, "x.weights.h5")));
        var legacy = Assert.ThrowsExactly<ArgumentException>(() => model.LoadWeights(Path.Combine(dir, "x.h5")));
        StringAssert.Contains(legacy.Message, "Legacy .h5");
        Assert.ThrowsExactly<FileNotFoundException>(() => model.LoadWeights(Path.Combine(dir, "absent.weights.h5")));
    }

    [TestMethod]
    public void AnUnbuiltModelHasNoWeightsToSaveOrLoad()
    {
        var model = new Sequential([new Dense(2)]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.SaveWeights(Path.Combine(TempDir(), "x.weights.h5")));
        StringAssert.Contains(error.Message, "not been built");
    }

    [TestMethod]
    public void WeightsLoadFromAKerasArchiveToo()
    {
        var source = Mlp();
        var path = Path.Combine(TempDir(), "full.keras");
        source.Save(path);
        var target = Mlp();
        target.LoadWeights(path);
        CollectionAssert.AreEqual(source.Weights[2].ToArray(), target.Weights[2].ToArray());
    }

    [TestMethod]
    public void OptimizerStateTravelsWithTheWeights()
    {
        var source = Mlp();
        source.Compile(optimizer: new Adam(), loss: "mse");
        source.Fit(randn(8, 3), randn(8, 2), epochs: 2, batchSize: 4, verbose: 0);
        var path = Path.Combine(TempDir(), "trained.weights.h5");
        source.SaveWeights(path);
        var layout = Layout(File.ReadAllBytes(path));
        CollectionAssert.Contains(layout, "G optimizer/vars name=" + source.Optimizer!.Name);
        CollectionAssert.Contains(layout, "D optimizer/vars/0 () FixedPoint 8");
        CollectionAssert.Contains(layout, "D optimizer/vars/1 () FloatingPoint 4");
        Assert.AreEqual(4L, ReadLong(File.ReadAllBytes(path), "optimizer/vars/0"));

        var target = Mlp();
        target.Compile(optimizer: new Adam(), loss: "mse");
        target.LoadWeights(path); // builds the optimizer first, so its state is restored
        Assert.AreEqual(4L, target.Optimizer!.IterationCount);
        CollectionAssert.AreEqual(source.Optimizer.Variables[^1].ToArray(), target.Optimizer.Variables[^1].ToArray());
    }

    [TestMethod]
    public void SubclassedModelsSaveWeightsByAttributeName()
    {
        var model = new TwoBranchModel();
        var x = randn(4, 3);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "subclassed.weights.h5");
        model.SaveWeights(path);

        var layout = Layout(File.ReadAllBytes(path));
        CollectionAssert.Contains(layout, "D encoder/vars/0 (3, 4) FloatingPoint 4");
        CollectionAssert.Contains(layout, "D head_layers/dense/vars/0 (4, 2) FloatingPoint 4");
        CollectionAssert.Contains(layout, "D head_layers/dense_1/vars/0 (2, 1) FloatingPoint 4");

        var copy = new TwoBranchModel();
        copy.Apply(x);
        copy.LoadWeights(path);
        CollectionAssert.AreEqual(expected, Values(copy.Apply(x)));
    }

    /// <summary>A subclassed model with a layer field and a list of layers.</summary>
    sealed class TwoBranchModel : Model
    {
        readonly Dense encoder = new(4, activation: "relu");
        readonly List<Dense> headLayers = [new Dense(2, activation: "relu"), new Dense(1)];

        protected override Outputs Call(Inputs inputs, bool training)
        {
            var x = encoder.Apply(inputs.Single("TwoBranchModel"));
            foreach (var layer in headLayers) x = layer.Apply(x);
            return x;
        }
    }
}
