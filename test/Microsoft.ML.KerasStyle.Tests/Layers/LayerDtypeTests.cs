using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>
/// Every layer takes Keras's <c>dtype</c> argument: it computes in that dtype (float inputs are cast to it), and a
/// Keras 3 config naming a float64 dtype policy rebuilds the layer in float64 rather than failing to load.
/// </summary>
[TestClass]
public sealed class LayerDtypeTests : KerasTestBase
{
    static IEnumerable<(Layer Layer, Tensor[] Inputs)> Float64Layers()
    {
        var image = randn(2, 4, 4, 3);
        var vector = randn(2, 6);
        yield return (new Activation("tanh", dtype: "float64"), [vector]);
        yield return (new Add(dtype: "float64"), [vector, vector]);
        yield return (new Average(dtype: "float64"), [vector, vector]);
        yield return (new Multiply(dtype: "float64"), [vector, vector]);
        yield return (new Concatenate(dtype: "float64"), [vector, vector]);
        yield return (new MaxPooling2D(2, dtype: "float64"), [image]);
        yield return (new MaxPooling2D([2, 2], dtype: "float64"), [image]);
        yield return (new AveragePooling2D(2, dtype: "float64"), [image]);
        yield return (new AveragePooling2D([2, 1], dtype: "float64"), [image]);
        yield return (new GlobalAveragePooling2D(dtype: "float64"), [image]);
        yield return (new Flatten(dtype: "float64"), [image]);
        yield return (new Reshape([3, 2], dtype: "float64"), [vector]);
        yield return (new Rescaling(0.5, dtype: "float64"), [randint(0, 256, [2, 6], dtype: ScalarType.Byte)]);
    }

    [TestMethod]
    public void LayersWithoutWeightsComputeInTheirDtype()
    {
        foreach (var (layer, inputs) in Float64Layers())
        {
            Assert.AreEqual("float64", layer.Dtype, layer.ClassName);
            Assert.AreEqual("float64", layer.GetConfig()["dtype"], layer.ClassName);
            Assert.AreEqual(ScalarType.Float64, layer.Apply(inputs).dtype, $"{layer.ClassName} output dtype");
        }
    }

    [TestMethod]
    public void AKeras3ConfigWithAFloat64PolicyRebuildsTheLayer()
    {
        foreach (var (layer, _) in Float64Layers())
        {
            var config = (JsonObject)ConfigJson.ToNode(layer.GetConfig(), layer.Name)!;
            config["dtype"] = JsonNode.Parse("""{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float64"}, "registered_name": null}""");
            var rebuilt = (Layer)ConfigActivator.Create(layer.GetType(), config, layer.ClassName, new LoadContext("a test config", null));
            Assert.AreEqual("float64", rebuilt.Dtype, layer.ClassName);
        }
    }
}
