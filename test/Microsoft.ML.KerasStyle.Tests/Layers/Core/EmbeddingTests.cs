using Microsoft.ML.KerasStyle.Initializers;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class EmbeddingTests : KerasTestBase
{
    // Table row r is [10r, 10r + 1, 10r + 2], so a looked-up vector shows its index.
    static Embedding TableLayer(int inputDim = 5)
    {
        var layer = new Embedding(inputDim, 3);
        layer.Build(new int?[] { null, null });
        layer.Embeddings!.Assign(tensor(Enumerable.Range(0, inputDim * 3).Select(i => (float)(i / 3 * 10 + i % 3)).ToArray(), [inputDim, 3]));
        return layer;
    }

    [TestMethod]
    public void LooksUpRowsAndAppendsOutputDim()
    {
        var layer = TableLayer();
        var y = layer.Apply(tensor(new long[] { 0, 4, 2, 2, 1, 3 }, [2, 3]));
        CollectionAssert.AreEqual(new long[] { 2, 3, 3 }, y.shape);
        Assert.AreEqual(ScalarType.Float32, y.dtype);
        LayerTestHarness.AssertClose([0, 1, 2, 40, 41, 42, 20, 21, 22, 20, 21, 22, 10, 11, 12, 30, 31, 32], y);
    }

    [TestMethod]
    public void Int32AndWholeFloatIndicesAreAccepted()
    {
        var layer = TableLayer();
        LayerTestHarness.AssertClose([30, 31, 32, 10, 11, 12], layer.Apply(tensor(new int[] { 3, 1 }, [2])));
        LayerTestHarness.AssertClose([40, 41, 42, 0, 1, 2], layer.Apply(tensor(new float[] { 4, 0 }, [2, 1])));
        LayerTestHarness.AssertClose([20, 21, 22], layer.Apply(tensor(new double[] { 2 }, [1, 1])));
    }

    [TestMethod]
    public void HarnessShapesWeightsAndSymbolicDtype()
    {
        LayerTestHarness.Run(() => new Embedding(10, 4), tensor(new long[] { 1, 2, 3, 9, 0, 5 }, [2, 3]), [null, 3, 4],
            expectedWeights: [("embeddings", [10, 4])]);
        var symbolic = new Embedding(10, 4).Apply(Keras.Input(shape: [7], dtype: "int32"));
        Assert.AreEqual("float32", symbolic.Dtype);
        CollectionAssert.AreEqual(new int?[] { null, 7, 4 }, symbolic.Shape);
        CollectionAssert.AreEqual(new int?[] { null, null, 4 }, new Embedding(10, 4).ComputeOutputShape([null, null]));
    }

    [TestMethod]
    public void ModelFromIntegerInputs()
    {
        var input = Keras.Input(shape: [3], dtype: "int64");
        var output = new Dense(2, kernelInitializer: "ones").Apply(new Embedding(4, 2, embeddingsInitializer: "ones").Apply(input));
        var model = new Model(input, output);
        var y = model.Apply(tensor(new long[] { 0, 1, 3 }, [1, 3]));
        // Every embedding is [1, 1]; Dense(ones) sums to 2.
        CollectionAssert.AreEqual(new long[] { 1, 3, 2 }, y.shape);
        LayerTestHarness.AssertClose([2, 2, 2, 2, 2, 2], y);
    }

    [TestMethod]
    public void OutOfRangeIndicesAreClearErrors()
    {
        var layer = TableLayer();
        var high = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(tensor(new long[] { 1, 5 }, [1, 2])));
        Assert.AreEqual("Layer \"embedding\" (Embedding) received index 5, outside the valid range [0, 5) of input_dim=5.", high.Message);
        var negative = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(tensor(new int[] { -1, 2 }, [2])));
        Assert.AreEqual("Layer \"embedding\" (Embedding) received index -1, outside the valid range [0, 5) of input_dim=5.", negative.Message);
        var fraction = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(tensor(new float[] { 1.5f }, [1, 1])));
        Assert.AreEqual("Layer \"embedding\" (Embedding) expects integer indices, received the non-integer value 1.5.", fraction.Message);
        Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(tensor(new float[] { float.NaN }, [1, 1])));
    }

    [TestMethod]
    public void GradientsReachOnlyLookedUpRows()
    {
        var layer = TableLayer(4);
        layer.Apply(tensor(new long[] { 1, 1, 3 }, [3])).sum().backward();
        // Row 1 used twice, row 3 once, rows 0 and 2 never.
        LayerTestHarness.AssertClose([0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1], layer.Embeddings!.Value.grad!);
    }

    [TestMethod]
    public void DefaultInitializerIsKerasUniform()
    {
        var layer = new Embedding(100, 50);
        layer.Build([null, 1]);
        var values = layer.Embeddings!.ToArray();
        Assert.IsTrue(values.All(v => v >= -0.05f && v <= 0.05f), "within [-0.05, 0.05]");
        Assert.IsTrue(values.Min() < -0.045f && values.Max() > 0.045f, "spread over the range");
        var init = (Dictionary<string, object?>)layer.GetConfig()["embeddings_initializer"]!;
        Assert.AreEqual("RandomUniform", init["class_name"]);
        var initConfig = (Dictionary<string, object?>)init["config"]!;
        Assert.AreEqual(-0.05, initConfig["minval"]);
        Assert.AreEqual(0.05, initConfig["maxval"]);
    }

    [TestMethod]
    public void InvalidDimensionsAreClearErrors()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new Embedding(0, 3));
        StringAssert.Contains(error.Message, "input_dim=0");
        error = Assert.ThrowsExactly<ArgumentException>(() => new Embedding(3, -2));
        StringAssert.Contains(error.Message, "output_dim=-2");
    }

    [TestMethod]
    public void ConfigHasKerasKeys()
    {
        var config = new Embedding(7, 3, maskZero: true).GetConfig();
        CollectionAssert.AreEqual(new[]
        {
            "name", "trainable", "dtype", "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
            "activity_regularizer", "embeddings_constraint", "mask_zero", "quantization_config",
        }, config.Keys.ToArray());
        Assert.AreEqual("embedding", config["name"]);
        Assert.AreEqual(7, config["input_dim"]);
        Assert.AreEqual(3, config["output_dim"]);
        Assert.AreEqual(true, config["mask_zero"]);
        Assert.AreEqual(false, new Embedding(7, 3).GetConfig()["mask_zero"]);
    }
}
