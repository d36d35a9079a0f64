using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class CustomObjectTests : KerasTestBase
{
    /// <summary>A custom layer registered by attribute: y = scale · (x · kernel).</summary>
    [KerasSerializable(package: "Tests")]
    sealed class ScaledDense(int units, double scale = 1.0, string? name = null, bool trainable = true, string dtype = "float32")
        : Layer(name, trainable, dtype)
    {
        Variable? kernel;

        /// <summary>Output size.</summary>
        public int Units { get; } = units;

        /// <summary>The output factor.</summary>
        public double Scale { get; } = scale;

        /// <inheritdoc/>
        public override void Build(int?[] inputShape) => kernel = AddWeight("kernel", [inputShape[^1], Units]);

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => matmul(inputs, kernel!.Value) * Scale;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], Units];

        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["units"] = Units, ["scale"] = Scale };
    }

    /// <summary>A custom layer registered with Keras.Saving.Register: adds a constant.</summary>
    sealed class AddConstant(double constant, string? name = null) : Layer(name)
    {
        /// <summary>The constant.</summary>
        public double Constant { get; } = constant;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs + Constant;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["constant"] = Constant };
    }

    /// <summary>A custom layer without GetConfig: its constructor argument is found in its property.</summary>
    [KerasSerializable(package: "Tests")]
    sealed class Forgetful(int size, string? name = null) : Layer(name)
    {
        /// <summary>The size.</summary>
        public int Size { get; } = size;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * Size;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    /// <summary>A custom layer that keeps its constructor argument under another name: nothing can tell its value.</summary>
    sealed class Secretive(int size, string? name = null) : Layer(name)
    {
        readonly float factor = size;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * factor;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    /// <summary>An unregistered custom layer.</summary>
    sealed class Doubler(string? name = null) : Layer(name)
    {
        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    /// <summary>A subclassed model that describes itself: saved whole and rebuilt from its config.</summary>
    [KerasSerializable(package: "Tests")]
    sealed class TinyModel(int units, string? name = null) : Model(name)
    {
        readonly Dense hidden = new(units, activation: "relu");
        readonly Dense output = new(1);

        /// <summary>Width of the hidden layer.</summary>
        public int Units { get; } = units;

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training) => output.Apply(hidden.Apply(inputs.Single("TinyModel")));

        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["units"] = Units };
    }

    [TestMethod]
    public void SubclassedModelWithConfigRoundTripsWithItsWeightsAndCompileSettings()
    {
        var model = new TinyModel(5);
        var x = randn(4, 3);
        var expected = Values(model.Apply(x));
        model.Compile(optimizer: "sgd", loss: "mse");
        var path = Path.Combine(TempDir(), "tiny.keras");
        model.Save(path);

        var root = Config(path);
        Assert.AreEqual("TinyModel", root["class_name"]!.GetValue<string>());
        Assert.AreEqual("Tests>TinyModel", root["registered_name"]!.GetValue<string>());
        Assert.AreEqual(5, root["config"]!["units"]!.GetValue<int>());
        Assert.AreEqual("[null,3]", root["build_config"]!["input_shape"]!.ToJsonString());
        var layout = Layout(ReadEntryBytes(path, "model.weights.h5"));
        CollectionAssert.Contains(layout, "D hidden/vars/0 (3, 5) FloatingPoint 4");
        // As Keras walks attributes in name order, "layers" (the model's layer list) comes before "output": the output
        // layer is saved there, numbered after the already saved "dense" of "hidden".
        CollectionAssert.Contains(layout, "D layers/dense_1/vars/1 (1) FloatingPoint 4");
        CollectionAssert.Contains(layout, "G optimizer/vars name=sgd");

        var loaded = Keras.Models.LoadModel(path);
        Assert.IsInstanceOfType<TinyModel>(loaded);
        Assert.AreEqual(5, ((TinyModel)loaded).Units);
        Assert.IsTrue(loaded.Compiled);
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)));
    }

    [TestMethod]
    public void AttributeRegisteredLayerRoundTrips()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new ScaledDense(2, scale: 0.5)]);
        var x = randn(4, 3);
        var path = Path.Combine(TempDir(), "custom.keras");
        model.Save(path);

        var layer = Config(path)["config"]!["layers"]![1]!.AsObject();
        Assert.AreEqual("ScaledDense", layer["class_name"]!.GetValue<string>());
        Assert.AreEqual("Tests>ScaledDense", layer["registered_name"]!.GetValue<string>());
        Assert.AreEqual(typeof(ScaledDense).Namespace, layer["module"]!.GetValue<string>());
        Assert.AreEqual(0.5, layer["config"]!["scale"]!.GetValue<double>());

        var loaded = Keras.Models.LoadModel(path);
        var custom = (ScaledDense)loaded.Layers[0];
        Assert.AreEqual(2, custom.Units);
        Assert.AreEqual(0.5, custom.Scale);
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(loaded.Apply(x)));
        Assert.AreEqual(typeof(ScaledDense), Keras.Saving.GetRegisteredObject("Tests>ScaledDense"));
    }

    [TestMethod]
    public void RegisterMakesALayerLoadable()
    {
        var registered = Keras.Saving.Register<AddConstant>(package: "MyPackage");
        Assert.AreEqual("MyPackage>AddConstant", registered);
        Assert.AreEqual(registered, Keras.Saving.GetRegisteredName(typeof(AddConstant)));
        var model = new Sequential([Keras.Input(shape: [2]), new AddConstant(1.5)]);
        var path = Path.Combine(TempDir(), "registered.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(new[] { 1.5f, 1.5f }, Values(loaded.Apply(zeros(1, 2))));
    }

    [TestMethod]
    public void UnregisteredLayerSavesButNeedsRegistrationOrCustomObjectsToLoad()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Doubler()]);
        var path = Path.Combine(TempDir(), "unregistered.keras");
        model.Save(path);
        Assert.AreEqual("Doubler", Config(path)["config"]!["layers"]![1]!["registered_name"]!.GetValue<string>());

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "Unknown layer class 'Doubler'");
        StringAssert.Contains(error.Message, "customObjects");

        var loaded = Keras.Models.LoadModel(path, customObjects: new Dictionary<string, Type> { ["Doubler"] = typeof(Doubler) });
        CollectionAssert.AreEqual(new[] { 2f, 4f }, Values(loaded.Apply(tensor(new[,] { { 1f, 2f } }))));
    }

    [TestMethod]
    public void LayerWithoutGetConfigSavesItsConstructorArgumentFromItsProperty()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Forgetful(3)]);
        var path = Path.Combine(TempDir(), "forgetful.keras");
        model.Save(path);
        Assert.AreEqual(3, Config(path)["config"]!["layers"]![1]!["config"]!["size"]!.GetValue<int>());
        var loaded = Keras.Models.LoadModel(path);
        Assert.AreEqual(3, ((Forgetful)loaded.Layers[0]).Size);
        CollectionAssert.AreEqual(new[] { 3f, 6f }, Values(loaded.Apply(tensor(new[,] { { 1f, 2f } }))));
    }

    [TestMethod]
    public void LayerWhoseConfigCannotRebuildItIsRefusedAtSave()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Secretive(3)]);
        var path = Path.Combine(TempDir(), "secretive.keras");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.Save(path));
        StringAssert.Contains(error.Message, "'size'");
        StringAssert.Contains(error.Message, "Secretive");
        StringAssert.Contains(error.Message, "GetConfig");
        StringAssert.Contains(error.Message, "property");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void SubclassedModelWithoutConfigCannotBeSavedWhole()
    {
        var model = new global::Samples.Listings.SubclassedModel.CustomerTicketModel(numDepartments: 4);
        model.Apply(global::Samples.Listings.TicketModel.RandomInputs(2));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.Save(Path.Combine(TempDir(), "sub.keras")));
        StringAssert.Contains(error.Message, "subclassed model");
        StringAssert.Contains(error.Message, "SaveWeights");
        model.SaveWeights(Path.Combine(TempDir(), "sub.weights.h5"));
    }
}
