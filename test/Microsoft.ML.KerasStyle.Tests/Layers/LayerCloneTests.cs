using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>
/// Keras's <c>from_config</c>, <c>keras.layers.serialize</c> / <c>deserialize</c> and clones by config: every layer of
/// the library comes back with the same config, as a new object with its own weights.
/// </summary>
[TestClass]
public sealed class LayerCloneTests : KerasTestBase
{
    /// <summary>Instances of the library's layers with options away from their defaults.</summary>
    static List<Layer> EveryLibraryLayer()
    {
        var input = Keras.Input(shape: [3]);
        return
        [
            new InputLayer(shape: [4, 2], dtype: "float64", name: "features"),
            new Activation("tanh", name: "act"),
            new Dense(3, activation: "relu", useBias: false, kernelInitializer: new RandomNormal(mean: 0.5, stddev: 0.1, seed: 2), name: "projection"),
            new Embedding(10, 4, maskZero: true),
            new ELU(0.5),
            new LeakyReLU(0.1),
            new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5),
            new KerasStyle.Layers.Softmax(axis: 1),
            new Conv1D(4, 2, strides: 2, padding: "same", activation: "tanh"),
            new Conv2D(4, [3, 2], padding: "same", useBias: false),
            new Add(),
            new Average(),
            new Concatenate(axis: 1),
            new Multiply(),
            new BatchNormalization(momentum: 0.9, epsilon: 1e-5, center: false),
            new LayerNormalization(axis: [1, 2], epsilon: 1e-4),
            new AveragePooling2D(poolSize: [1, 2], padding: "same"),
            new GlobalAveragePooling2D(keepdims: true),
            new MaxPooling2D(3, strides: 1),
            new Dropout(0.3, seed: 4),
            new Flatten(),
            new Rescaling(0.5, offset: 1),
            new Reshape([2, 3]),
            new Sequential([Keras.Input(shape: [3]), new Dense(2)], name: "stack"),
            new Model(input, new Dense(1).Apply(input), name: "graph"),
        ];
    }

    /// <summary>
    /// One instance of every concrete layer class of the library, found by reflection (so a new layer is covered without
    /// being listed): its constructor with the fewest required arguments, given small sample values.
    /// </summary>
    static List<Layer> EveryLibraryLayerClass()
    {
        var layers = new List<Layer>();
        foreach (var type in typeof(Layer).Assembly.GetExportedTypes().Where(t => typeof(Layer).IsAssignableFrom(t) && !t.IsAbstract))
        {
            if (typeof(Model).IsAssignableFrom(type) || type == typeof(InputLayer)) continue;   // listed above: they need layers or a shape
            var constructor = type.GetConstructors().OrderBy(c => c.GetParameters().Count(p => !p.HasDefaultValue))
                .ThenBy(c => c.GetParameters().Count(p => !p.HasDefaultValue && p.ParameterType.IsArray)).First();
            var arguments = constructor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : Sample(type, p)).ToArray();
            layers.Add((Layer)constructor.Invoke(arguments));
        }
        return layers;
    }

    static object Sample(Type layer, System.Reflection.ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(int) => 2,
        var t when t == typeof(double) => 0.5,
        var t when t == typeof(int[]) => new[] { 2 },
        var t when t == typeof(IntTuple) => (IntTuple)2,
        var t when t == typeof(KerasStyle.Activations.ActivationFunction) => (KerasStyle.Activations.ActivationFunction)"relu",
        var t => throw new AssertFailedException($"Give LayerCloneTests.Sample a value for {layer.Name}'s required parameter '{parameter.Name}' ({t.Name})."),
    };

    [TestMethod]
    public void EveryLibraryLayerClonesWithTheSameConfig()
    {
        var layers = EveryLibraryLayer().Concat(EveryLibraryLayerClass()).ToList();
        Assert.IsGreaterThan(40, layers.Count, "the reflection found the library's layer classes");
        foreach (var layer in layers)
        {
            var clone = Keras.Layers.Clone(layer);
            Assert.AreEqual(layer.GetType(), clone.GetType());
            Assert.AreNotSame(layer, clone);
            AssertSameConfig(layer, clone, "Clone");

            var fromConfig = Layer.FromConfig(layer.GetType(), layer.GetConfig());
            AssertSameConfig(layer, fromConfig, "FromConfig");

            var deserialized = Keras.Layers.Deserialize(Keras.Layers.Serialize(layer));
            AssertSameConfig(layer, deserialized, "Serialize/Deserialize");
        }
    }

    static void AssertSameConfig(Layer expected, Layer actual, string how)
    {
        var a = Keras.Layers.Serialize(expected)["config"];
        var b = Keras.Layers.Serialize(actual)["config"];
        Assert.IsTrue(JsonNode.DeepEquals(a, b), $"{how} of {expected.ClassName} '{expected.Name}':\n{a!.ToJsonString()}\n{b!.ToJsonString()}");
    }

    [TestMethod]
    public void ACloneHasItsOwnWeightsAndADeserializedBuiltLayerIsBuilt()
    {
        var dense = new Dense(3, name: "source");
        dense.Apply(ones(2, 4));

        var clone = Keras.Layers.Clone(dense);
        Assert.IsFalse(clone.Built, "a clone copies the config, not the weights");
        clone.Apply(ones(2, 4));
        Assert.AreNotSame(dense.Kernel, clone.Kernel);
        CollectionAssert.AreNotEqual(dense.Kernel!.ToArray(), clone.Kernel!.ToArray());

        var serialized = Keras.Layers.Serialize(dense);
        Assert.AreEqual("Dense", serialized["class_name"]!.GetValue<string>());
        Assert.AreEqual("keras.layers", serialized["module"]!.GetValue<string>());
        Assert.AreEqual("[null,4]", serialized["build_config"]!["input_shape"]!.ToJsonString());
        var rebuilt = (Dense)Keras.Layers.Deserialize(serialized);
        Assert.IsTrue(rebuilt.Built);
        CollectionAssert.AreEqual(new[] { 4, 3 }, rebuilt.Kernel!.Shape);
    }

    [TestMethod]
    public void ACloneCanEditItsConfigAsBidirectionalDoes()
    {
        var forward = new Dense(3, activation: "relu", name: "forward_dense");
        var backward = Keras.Layers.Clone(forward, config =>
        {
            config["name"] = "backward_dense";
            config["units"] = 5;
        });
        Assert.AreEqual("backward_dense", backward.Name);
        Assert.AreEqual(5, backward.Units);
        Assert.AreEqual("relu", backward.Activation.Name);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Layers.Clone(forward, config => config["go_backwards"] = true));
        StringAssert.Contains(error.Message, "go_backwards");
    }

    /// <summary>A custom layer without GetConfig (its argument is a property), not registered.</summary>
    sealed class Offset(double amount, string? name = null) : Layer(name)
    {
        public double Amount { get; } = amount;

        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs + Amount;

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    [TestMethod]
    public void ACustomLayerClonesFromItsCapturedConfigWithoutRegistration()
    {
        var clone = Keras.Layers.Clone(new Offset(0.75, name: "shift"));
        Assert.AreEqual(0.75, clone.Amount);
        Assert.AreEqual("shift", clone.Name);
        Assert.AreEqual(0.75, Keras.Layers.Serialize(clone)["config"]!["amount"]!.GetValue<double>());
    }

    [TestMethod]
    public void FromConfigRefusesWhatIsNotALayerAndOptionsItCannotTake()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Layer.FromConfig(typeof(string), new Dictionary<string, object?>()));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
            Layer.FromConfig<Dense>(new Dictionary<string, object?> { ["units"] = 2, ["kernel_size"] = 3 }));
        StringAssert.Contains(error.Message, "kernel_size");
        StringAssert.Contains(error.Message, "Dense.FromConfig");
        Assert.AreEqual(2, Layer.FromConfig<Dense>(new Dictionary<string, object?> { ["units"] = 2 }).Units);
    }
}
