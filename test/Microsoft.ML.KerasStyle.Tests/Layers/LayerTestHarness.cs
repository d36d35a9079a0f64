using Microsoft.ML.KerasStyle.Backend;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>
/// One harness for every layer test: runs the layer on real data and on a symbolic input of the same shape (batch
/// unknown), and checks that the symbolic shape, ComputeOutputShape and the real output agree, that the config names
/// the layer, that the weights have the expected names and shapes, and (optionally) the values.
/// </summary>
internal static class LayerTestHarness
{
    public static Tensor Run(
        Func<Layer> makeLayer,
        Tensor input,
        int?[] expectedOutputShape,
        float[]? expectedValues = null,
        (string Name, int[] Shape)[]? expectedWeights = null,
        bool training = false,
        double tolerance = 1e-5)
    {
        // Symbolic path on a fresh layer: shape inference without data.
        var symbolicLayer = makeLayer();
        var symbolicInput = Keras.Input(shape: input.shape.Skip(1).Select(d => (int?)d).ToArray(), dtype: Dtypes.ToName(input.dtype));
        var symbolicOutput = symbolicLayer.Apply(symbolicInput);
        CollectionAssert.AreEqual(expectedOutputShape, symbolicOutput.Shape, $"symbolic output shape was {Shapes.Format(symbolicOutput.Shape)}");

        // Real path on another fresh layer.
        var layer = makeLayer();
        var output = layer.Apply(input, training);
        var batch = (int)input.shape[0];
        var realShape = Shapes.Of(output);
        var expectedReal = expectedOutputShape.Select((d, i) => i == 0 ? batch : d).ToArray();
        for (var i = 0; i < expectedReal.Length; i++)
            if (expectedReal[i] is { } e) Assert.AreEqual(e, realShape[i], $"real output dimension {i}: got {Shapes.Format(realShape)}");
        Assert.AreEqual(expectedReal.Length, realShape.Length, "output rank");
        CollectionAssert.AreEqual(expectedOutputShape, layer.ComputeOutputShape([null, .. Shapes.Of(input)[1..]]), "ComputeOutputShape");

        var config = layer.GetConfig();
        Assert.AreEqual(layer.Name, config["name"], "config name");

        if (expectedWeights is not null)
        {
            Assert.AreEqual(expectedWeights.Length, layer.Weights.Count, "number of weights");
            for (var i = 0; i < expectedWeights.Length; i++)
            {
                Assert.AreEqual($"{layer.Name}/{expectedWeights[i].Name}", layer.Weights[i].Path);
                CollectionAssert.AreEqual(expectedWeights[i].Shape, layer.Weights[i].Shape, $"shape of {expectedWeights[i].Name}");
            }
        }

        if (expectedValues is not null) AssertClose(expectedValues, output, tolerance);
        return output;
    }

    public static void AssertClose(float[] expected, Tensor actual, double tolerance = 1e-5)
    {
        var got = actual.detach().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        Assert.AreEqual(expected.Length, got.Length, "number of values");
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], got[i], tolerance, $"value {i}: expected {expected[i]}, got {got[i]}");
    }

    /// <summary>Flattens a tensor to floats (row-major).</summary>
    public static float[] Values(Tensor t) => t.detach().to(ScalarType.Float32).contiguous().data<float>().ToArray();
}
