using Microsoft.ML.KerasStyle.Regularizers;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Tests.Regularizers;

[TestClass]
public sealed class RegularizerSerializationTests : KerasTestBase
{
    [TestMethod]
    public void SerializesInKeras3Form()
    {
        var serialized = new L2(0.05).Serialize();
        Assert.AreEqual("keras.regularizers", serialized["module"]);
        Assert.AreEqual("L2", serialized["class_name"]);
        Assert.IsNull(serialized["registered_name"]);
        var config = (Dictionary<string, object?>)serialized["config"]!;
        Assert.AreEqual(0.05, config["l2"]);
        var orthogonal = (Dictionary<string, object?>)new OrthogonalRegularizer(0.5, "columns").Serialize()["config"]!;
        CollectionAssert.AreEqual(new[] { "factor", "mode" }, orthogonal.Keys.ToArray());
        Assert.AreEqual("columns", orthogonal["mode"]);
        var both = (Dictionary<string, object?>)new L1L2(0.25, 0.5).Serialize()["config"]!;
        Assert.AreEqual((0.25, 0.5), ((double)both["l1"]!, (double)both["l2"]!));
    }

    [TestMethod]
    public void ReadsKeras3AndKeras2Forms()
    {
        // Keras 3 (as in config.json), tf.keras 2.x (float32 factor, no module), Keras 2.2 (L1L2 with l1 = 0), and names.
        var keras3 = (L2)Regularizer.Deserialize("""{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}""");
        Assert.AreEqual(0.01, keras3.Factor);
        var keras2 = (L2)Regularizer.Deserialize("""{"class_name": "L2", "config": {"l2": 0.009999999776482582}}""");
        Assert.AreEqual(0.009999999776482582, keras2.Factor);
        var old = (L1L2)Regularizer.Deserialize("""{"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.0010000000474974513}}""");
        Assert.AreEqual((0.0, 0.0010000000474974513), (old.L1, old.L2));
        var snake = (L1)Regularizer.Deserialize("""{"class_name": "l1", "config": {"l1": 0.5}}""");
        Assert.AreEqual(0.5, snake.Factor);
        Assert.IsInstanceOfType<OrthogonalRegularizer>(Regularizer.Deserialize("\"orthogonal_regularizer\""));
        var orthogonal = (OrthogonalRegularizer)Regularizer.Deserialize("""{"class_name": "OrthogonalRegularizer", "config": {"factor": 0.02, "mode": "columns"}}""");
        Assert.AreEqual((0.02, "columns"), (orthogonal.Factor, orthogonal.Mode));
    }

    [TestMethod]
    public void UnknownOrInvalidRegularizersAreClearErrors()
    {
        var unknown = Assert.ThrowsExactly<InvalidOperationException>(() => Regularizer.Deserialize("""{"class_name": "L3", "config": {}}"""));
        StringAssert.Contains(unknown.Message, "Unknown regularizer class 'L3'");
        StringAssert.Contains(unknown.Message, "L1L2");
        var negative = Assert.ThrowsExactly<InvalidOperationException>(() => Regularizer.Deserialize("""{"class_name": "L2", "config": {"l2": -1}}"""));
        StringAssert.Contains(negative.Message, "expected a non-negative float");
        Assert.ThrowsExactly<ArgumentException>(() => Regularizer.Deserialize("{not json"));
    }

    [TestMethod]
    public void FromConfigIsTheInverseOfGetConfig()
    {
        var original = new L1L2(0.125, 0.5);
        var copy = Regularizer.FromConfig<L1L2>(original.GetConfig());
        Assert.AreEqual((0.125, 0.5), (copy.L1, copy.L2));
        var orthogonal = Regularizer.FromConfig<OrthogonalRegularizer>(new Dictionary<string, object?> { ["factor"] = 0.5, ["mode"] = "columns" });
        Assert.AreEqual("columns", orthogonal.Mode);
    }

    /// <summary>A custom penalty, as in Keras's docstring (L2Regularizer with l2 = 0.5 gives 12.5 on a ones kernel).</summary>
    [KerasSerializable("Tests")]
    public sealed class HalfSquares(double l2 = 0.0) : Regularizer
    {
        public double L2 { get; } = l2;

        public override Tensor Call(Tensor x) => x.square().sum() * L2;

        public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = L2 };
    }

    [TestMethod]
    public void CustomRegularizersSerializeWithTheirRegisteredName()
    {
        var layer = new Dense(5, kernelInitializer: "ones", kernelRegularizer: new HalfSquares(0.5));
        layer.Apply(ones(5, 5));
        Assert.AreEqual(12.5f, layer.Losses.Single().item<float>(), 1e-5);
        var serialized = new HalfSquares(0.5).Serialize();
        Assert.AreEqual("Tests>HalfSquares", serialized["registered_name"]);
        var copy = (HalfSquares)Regularizer.Deserialize(ConfigJson.Write(serialized, "test"));
        Assert.AreEqual(0.5, copy.L2);
    }
}
