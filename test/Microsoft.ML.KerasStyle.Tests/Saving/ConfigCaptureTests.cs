using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Custom layers and subclassed models save without a GetConfig override: each constructor argument is found in the
/// config or in a member of the same name; one that cannot be found is an error at save time, never a silent default.
/// </summary>
[TestClass]
public sealed class ConfigCaptureTests : KerasTestBase
{
    /// <summary>Keeps its argument only as a captured primary-constructor parameter (the compiler's field).</summary>
    [KerasSerializable(package: "Tests")]
    sealed class Scaler(double factor, string? name = null) : Layer(name)
    {
        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs * factor;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    /// <summary>A custom base class exposing the window; the derived class adds an offset field.</summary>
    abstract class Windowed(int window, string? name) : Layer(name)
    {
        /// <summary>The window length.</summary>
        public int Window { get; } = window;
    }

    [KerasSerializable(package: "Tests")]
    sealed class MovingSum(int window, double offset = 0.0, string? name = null) : Windowed(window, name)
    {
        readonly double _offset = offset;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) =>
            nn.functional.avg_pool1d(inputs.unsqueeze(1), Window, 1).squeeze(1) * Window + _offset;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], inputShape[1] - Window + 1];
    }

    [TestMethod]
    public void ArgumentsAreFoundInPrimaryConstructorFieldsBasePropertiesAndUnderscoreFields()
    {
        var model = new Sequential([Keras.Input(shape: [6]), new Scaler(2.5), new MovingSum(3, offset: 0.25)]);
        var x = randn(2, 6);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "captured.keras");
        model.Save(path);

        var layers = Config(path)["config"]!["layers"]!.AsArray();
        Assert.AreEqual(2.5, layers[1]!["config"]!["factor"]!.GetValue<double>());
        Assert.AreEqual(3, layers[2]!["config"]!["window"]!.GetValue<int>());
        Assert.AreEqual(0.25, layers[2]!["config"]!["offset"]!.GetValue<double>());

        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)));
        Assert.AreEqual(3, ((MovingSum)loaded.Layers[1]).Window);
    }

    /// <summary>
    /// The regression: a stand-in for MaxPooling1D whose GetConfig forgets <c>pool_size</c>. Before, the file reloaded
    /// with the default pool size 2 (and another output shape); now the property supplies it.
    /// </summary>
    [KerasSerializable(package: "Tests")]
    sealed class MaxPooling1D(int poolSize = 2, string? name = null) : Layer(name)
    {
        /// <summary>The window.</summary>
        public int PoolSize { get; } = poolSize;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) =>
            nn.functional.max_pool1d(inputs.transpose(1, 2), PoolSize, PoolSize).transpose(1, 2);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], inputShape[1] / PoolSize, inputShape[2]];

        /// <inheritdoc/>
        public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["padding"] = "valid" };
    }

    /// <summary>The same stand-in keeping its pool size under another name: nothing can tell it, so it cannot be saved.</summary>
    sealed class HiddenPooling1D(int poolSize = 2, string? name = null) : Layer(name)
    {
        readonly long window = poolSize;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => nn.functional.max_pool1d(inputs.transpose(1, 2), window, window).transpose(1, 2);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], inputShape[1] / (int)window, inputShape[2]];
    }

    [TestMethod]
    public void AnOptionalArgumentMissingFromGetConfigIsSavedOrRefusedNeverDefaulted()
    {
        var model = new Sequential([Keras.Input(shape: [6, 1]), new MaxPooling1D(poolSize: 3)]);
        var x = arange(6f).reshape(1, 6, 1);
        var path = Path.Combine(TempDir(), "pool.keras");
        model.Save(path);
        Assert.AreEqual(3, Config(path)["config"]!["layers"]![1]!["config"]!["pool_size"]!.GetValue<int>());
        var loaded = Keras.Models.LoadModel(path);
        CollectionAssert.AreEqual(new long[] { 1, 2, 1 }, loaded.Apply(x).shape, "pool size 3 came back (2 would give 3 steps)");
        CollectionAssert.AreEqual(new[] { 2f, 5f }, Values(loaded.Apply(x)));

        var hidden = new Sequential([Keras.Input(shape: [6, 1]), new HiddenPooling1D(poolSize: 3)]);
        var hiddenPath = Path.Combine(TempDir(), "hidden.keras");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => hidden.Save(hiddenPath));
        StringAssert.Contains(error.Message, "layer 'hidden_pooling1d' (HiddenPooling1D)");
        StringAssert.Contains(error.Message, "'poolSize'");
        StringAssert.Contains(error.Message, "'pool_size'");
        StringAssert.Contains(error.Message, "PoolSize");
        StringAssert.Contains(error.Message, "override GetConfig()");
        Assert.IsFalse(File.Exists(hiddenPath));
    }

    /// <summary>Holds a function: no config can hold it.</summary>
    sealed class Mapper(Func<Tensor, Tensor> function, string? name = null) : Layer(name)
    {
        /// <summary>The function.</summary>
        public Func<Tensor, Tensor> Function { get; } = function;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => Function(inputs);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    [TestMethod]
    public void AValueNoConfigCanHoldIsAnErrorAtSave()
    {
        var model = new Sequential([Keras.Input(shape: [2]), new Mapper(t => t * 2)]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => model.Save(Path.Combine(TempDir(), "mapper.keras")));
        StringAssert.Contains(error.Message, "'function'");
        StringAssert.Contains(error.Message, "Mapper");
        StringAssert.Contains(error.Message, "cannot be saved");
    }

    /// <summary>A subclassed model with its arguments as properties: saved whole without GetConfig.</summary>
    [KerasSerializable(package: "Tests")]
    sealed class TwoTower(int width, string activation = "relu", string? name = null) : Model(name)
    {
        readonly Dense left = new(width, activation: activation);
        readonly Dense right = new(width, activation: activation);

        /// <summary>The towers' width.</summary>
        public int Width { get; } = width;

        /// <summary>The towers' activation.</summary>
        public string Activation { get; } = activation;

        /// <inheritdoc/>
        protected override Outputs Call(Inputs inputs, bool training)
        {
            var x = inputs.Single("TwoTower");
            return left.Apply(x) * right.Apply(x);
        }
    }

    [TestMethod]
    public void ASubclassedModelWithoutGetConfigSavesWholeAndAnUnregisteredOneSaysHowToLoadIt()
    {
        var model = new TwoTower(3, activation: "tanh");
        var x = randn(4, 2);
        var expected = Values(model.Apply(x));
        var path = Path.Combine(TempDir(), "towers.keras");
        model.Save(path);
        var config = Config(path)["config"]!;
        Assert.AreEqual(3, config["width"]!.GetValue<int>());
        Assert.AreEqual("tanh", config["activation"]!.GetValue<string>());
        var loaded = (TwoTower)Keras.Models.LoadModel(path);
        Assert.AreEqual("tanh", loaded.Activation);
        CollectionAssert.AreEqual(expected, Values(loaded.Apply(x)));

        // Loading needs the class registered; the error says how.
        var unregistered = Path.Combine(TempDir(), "unregistered.keras");
        var renamed = Config(path);
        renamed["registered_name"] = "Elsewhere>TwoTower";
        RewriteEntry(path, unregistered, "config.json", System.Text.Encoding.UTF8.GetBytes(renamed.ToJsonString()));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(unregistered));
        StringAssert.Contains(error.Message, "TwoTower");
        StringAssert.Contains(error.Message, "[KerasSerializable]");
    }
}
