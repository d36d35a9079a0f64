using Microsoft.ML.KerasStyle.Activations;
using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>Every layer class exports, and ONNX Runtime computes what the layer computes (within 1e-5), option by option.</summary>
[TestClass]
public sealed class OnnxLayerParityTests : KerasTestBase
{
    static Model Wrap(int?[] sampleShape, Func<KerasTensor, KerasTensor> body, string dtype = "float32")
    {
        var input = Keras.Input(shape: sampleShape, dtype: dtype);
        var model = new Model(input, body(input));
        RandomizeWeights(model);
        return model;
    }

    static void Check(Model model, params Tensor[] inputs)
    {
        foreach (var opset in new[] { 13, 17, 21 }) AssertParity(model, inputs, opset);
    }

    [TestMethod]
    public void InputLayer_AloneIsAnIdentityGraph()
    {
        var input = Keras.Input(shape: [3], name: "features");
        var model = new Model(input, new Dropout(0.5).Apply(input));
        var bytes = AssertParity(model, [Normal(7, 3)]);
        var graph = Parse(bytes).Graph;
        Assert.AreEqual("features", graph.Input.Single().Name);
        Assert.AreEqual("dropout", graph.Output.Single().Name);
        Assert.AreEqual("Identity", graph.Node.Single().OpType, "an output that is an input goes through one Identity");
    }

    [TestMethod]
    public void Dense_OnMatrices_IsOneGemm()
    {
        var model = Wrap([5], x => new Dense(4).Apply(x));
        var bytes = AssertParity(model, [Normal(7, 5)]);
        CollectionAssert.AreEqual(new[] { "Gemm" }, Parse(bytes).Graph.Node.Select(n => n.OpType).ToArray());
    }

    [TestMethod]
    public void Dense_WithoutBias_AndOnRank3And4_UsesMatMul()
    {
        Check(Wrap([5], x => new Dense(4, useBias: false).Apply(x)), Normal(7, 5));
        var rank3 = Wrap([6, 5], x => new Dense(4, activation: "tanh").Apply(x));
        var bytes = AssertParity(rank3, [Normal(7, 6, 5)]);
        CollectionAssert.AreEqual(new[] { "MatMul", "Add", "Tanh" }, Parse(bytes).Graph.Node.Select(n => n.OpType).ToArray());
        Check(Wrap([2, 3, 5], x => new Dense(4, useBias: false).Apply(x)), Normal(7, 2, 3, 5));
    }

    public static IEnumerable<object[]> ActivationNames => ActivationFunctions.Names.Select(n => new object[] { n });

    static double Scale(string activation) => activation == "exponential" ? 0.25 : 1.0;

    [TestMethod]
    [DynamicData(nameof(ActivationNames))]
    public void Activation_EachKerasActivation(string name)
    {
        // Inputs span negative and positive values beyond the kinks of relu6 (6) and hard_sigmoid (±3); exponential's
        // inputs stay small, so that its outputs are numbers a 1e-5 absolute bound makes sense for (float32 near 1e5 has
        // steps of 0.008).
        var scale = Scale(name);
        Check(Wrap([3, 4], t => new Activation(name).Apply(t)), Normal(7, 3, 4) * (4 * scale));
        Keras.ClearSession();
        Check(Wrap([4], t => new Dense(5, activation: name).Apply(t)), Normal(7, 4) * (3 * scale));
    }

    [TestMethod]
    public void Activation_GeluUsesErfBeforeOpset20AndGeluFrom20()
    {
        var model = Wrap([4], t => new Activation("gelu").Apply(t));
        var x = Normal(7, 4) * 3;
        StringAssert.Contains(string.Join(",", Parse(AssertParity(model, [x], 19)).Graph.Node.Select(n => n.OpType)), "Erf");
        CollectionAssert.AreEqual(new[] { "Gelu" }, Parse(AssertParity(model, [x], 20)).Graph.Node.Select(n => n.OpType).ToArray());
    }

    [TestMethod]
    public void Activation_LeakyReluKeepsItsSlope()
    {
        var model = Wrap([4], t => new Activation(ActivationFunctions.LeakyRelu(0.05)).Apply(t));
        var bytes = AssertParity(model, [Normal(7, 4)]);
        var node = Parse(bytes).Graph.Node.Single();
        Assert.AreEqual("LeakyRelu", node.OpType);
        Assert.AreEqual(0.05f, node.Attribute.Single(a => a.Name == "alpha").F);
    }

    [TestMethod]
    public void LeakyReLU_OnMatricesAndAfterConvolution()
    {
        var dense = Wrap([4], t => new LeakyReLU(0.2).Apply(new Dense(5).Apply(t)));
        var bytes = AssertParity(dense, [Normal(7, 4) * 3]);
        var node = Parse(bytes).Graph.Node.Single(n => n.OpType == "LeakyRelu");
        Assert.AreEqual(0.2f, node.Attribute.Single(a => a.Name == "alpha").F);
        Check(Wrap([3, 5], t => new LeakyReLU().Apply(t)), Normal(7, 3, 5) * 3);
        // After a convolution it runs channels first: no transpose between the Conv and the LeakyRelu.
        var image = Wrap([6, 6, 2], t => new LeakyReLU(0.1).Apply(new Conv2D(3, 3).Apply(t)));
        var ops = Parse(AssertParity(image, [Normal(2, 6, 6, 2)])).Graph.Node.Select(n => n.OpType).ToList();
        Assert.AreEqual(ops.IndexOf("Conv") + 1, ops.IndexOf("LeakyRelu"), string.Join(",", ops));
    }

    [TestMethod]
    public void ReLU_EachFormOfItsOptions()
    {
        // Inputs span ±12, beyond the threshold (1.5) and the cap (6).
        string[] Ops(ReLU layer)
        {
            Keras.ClearSession();
            var model = Wrap([8], t => layer.Apply(t));
            var bytes = AssertParity(model, [Normal(7, 8) * 6]);
            Check(model, Normal(5, 8) * 6);
            return Parse(bytes).Graph.Node.Select(n => n.OpType).ToArray();
        }

        CollectionAssert.AreEqual(new[] { "Relu" }, Ops(new ReLU()));
        CollectionAssert.AreEqual(new[] { "Clip" }, Ops(new ReLU(maxValue: 6)));
        CollectionAssert.AreEqual(new[] { "LeakyRelu" }, Ops(new ReLU(negativeSlope: 0.3)));
        CollectionAssert.Contains(Ops(new ReLU(maxValue: 6, negativeSlope: 0.2, threshold: 1.5)), "Where");
        CollectionAssert.Contains(Ops(new ReLU(threshold: 1.5)), "Where");
        // After a convolution it runs channels first: no transpose between the Conv and the activation.
        var image = Wrap([6, 6, 2], t => new ReLU(maxValue: 1, negativeSlope: 0.1, threshold: 0.2).Apply(new Conv2D(3, 3).Apply(t)));
        var ops = Parse(AssertParity(image, [Normal(2, 6, 6, 2) * 3])).Graph.Node.Select(n => n.OpType).ToList();
        Assert.IsFalse(ops.Take(ops.IndexOf("Where")).Skip(ops.IndexOf("Conv")).Contains("Transpose"), string.Join(",", ops));
    }

    [TestMethod]
    public void ELU_KeepsItsAlpha()
    {
        var model = Wrap([5], t => new ELU(0.4).Apply(t));
        var node = Parse(AssertParity(model, [Normal(7, 5) * 3])).Graph.Node.Single();
        Assert.AreEqual("Elu", node.OpType);
        Assert.AreEqual(0.4f, node.Attribute.Single(a => a.Name == "alpha").F);
        Check(Wrap([4, 4, 2], t => new ELU().Apply(new Conv2D(2, 3, padding: "same").Apply(t))), Normal(3, 4, 4, 2) * 3);
    }

    [TestMethod]
    public void Softmax_OnTheLastAndOtherAxes()
    {
        Check(Wrap([6], t => new KerasStyle.Layers.Softmax().Apply(t)), Normal(7, 6) * 3);
        Check(Wrap([3, 4], t => new KerasStyle.Layers.Softmax(axis: 1).Apply(t)), Normal(7, 3, 4) * 3);
        // On images after a convolution: over the channels (-1) and over the rows (1), in channels-last terms.
        Check(Wrap([4, 5, 2], t => new KerasStyle.Layers.Softmax().Apply(new Conv2D(3, 3, padding: "same").Apply(t))), Normal(2, 4, 5, 2) * 3);
        Check(Wrap([4, 5, 2], t => new KerasStyle.Layers.Softmax(axis: 1).Apply(new Conv2D(3, 3, padding: "same").Apply(t))), Normal(2, 4, 5, 2) * 3);
    }

    [TestMethod]
    public void Activation_HardSigmoidIsKerasFormulaNotOnnxDefault()
    {
        // relu6(x + 3) / 6 at x = -4, -3, 0, 1.5, 3, 4: 0, 0, 0.5, 0.75, 1, 1.
        var model = Wrap([6], t => new Activation("hard_sigmoid").Apply(t));
        using var session = Session(Export(model));
        var y = Run(session, tensor(new float[] { -4, -3, 0, 1.5f, 3, 4 }, [1, 6]))[0];
        LayerTestHarness.AssertClose([0, 0, 0.5f, 0.75f, 1, 1], y, 1e-6);
    }

    [TestMethod]
    public void Dropout_ExportsNoNode()
    {
        var model = Wrap([4], x => new Dropout(0.5).Apply(new Dense(3).Apply(x)));
        var bytes = AssertParity(model, [Normal(7, 4)]);
        CollectionAssert.AreEqual(new[] { "Gemm" }, Parse(bytes).Graph.Node.Select(n => n.OpType).ToArray());
    }

    [TestMethod]
    public void Flatten_ChannelsLastAndChannelsFirstAndIntegers()
    {
        Check(Wrap([3, 4, 2], x => new Flatten().Apply(x)), Normal(7, 3, 4, 2));
        Check(Wrap([3, 4, 2], x => new Flatten("channels_first").Apply(x)), Normal(7, 3, 4, 2));
        var ints = Wrap([2, 3], x => new Flatten().Apply(x), dtype: "int64");
        var data = randint(-5, 5, [7, 2, 3], dtype: ScalarType.Int64);
        var y = Run(Session(Export(ints)), data)[0];
        Assert.AreEqual(0.0, MaxAbsDiff(data.reshape(7, 6).to(ScalarType.Float32), y));
    }

    [TestMethod]
    public void Reshape_KeepsTheBatchSymbolicAndInfersMinusOne()
    {
        var model = Wrap([12], x => new Reshape([3, -1]).Apply(x));
        foreach (var batch in new[] { 1, 7, 1000 }) AssertParity(model, [Normal(batch, 12)]);
        Check(Wrap([2, 6], x => new Reshape([4, 3]).Apply(x)), Normal(7, 2, 6));
    }

    [TestMethod]
    public void Concatenate_OnLastAndMiddleAxes()
    {
        var a = Keras.Input(shape: [2, 3]);
        var b = Keras.Input(shape: [2, 5]);
        var c = Keras.Input(shape: [4, 3]);
        var model = new Model([a, b, c], [new Concatenate().Apply(a, b), new Concatenate(axis: 1).Apply(a, c)]);
        Check(model, Normal(7, 2, 3), Normal(7, 2, 5), Normal(7, 4, 3));
    }

    [TestMethod]
    public void AddMultiplyAverage_WithBroadcastingAsTheLayersDo()
    {
        var a = Keras.Input(shape: [3, 4]);
        var b = Keras.Input(shape: [1, 4]);
        var c = Keras.Input(shape: [4]); // lower rank: a size-1 axis goes after the batch axis
        var model = new Model([a, b, c], [
            new Add().Apply(a, b, c),
            new Multiply().Apply(a, b, c),
            new Average().Apply(a, b, c),
        ]);
        Check(model, Normal(7, 3, 4), Normal(7, 1, 4), Normal(7, 4));
    }

    [TestMethod]
    public void BatchNormalization_LastAxisOnMatricesAndImages()
    {
        Check(Wrap([6], x => new BatchNormalization().Apply(x)), Normal(7, 6) * 2 + 1);
        Keras.ClearSession();
        Check(Wrap([3, 5], x => new BatchNormalization(epsilon: 0.1).Apply(x)), Normal(7, 3, 5) * 2 + 1);
        Keras.ClearSession();
        Check(Wrap([4, 4, 3], x => new BatchNormalization(center: false, scale: false).Apply(x)), Normal(7, 4, 4, 3) * 2 + 1);
    }

    [TestMethod]
    public void BatchNormalization_OtherAxesAndAfterConvolution()
    {
        Check(Wrap([4, 5, 3], x => new BatchNormalization(axis: 1).Apply(x)), Normal(7, 4, 5, 3) + 1);
        Keras.ClearSession();
        Check(Wrap([4, 5, 3], x => new BatchNormalization(axis: 2, scale: false).Apply(x)), Normal(7, 4, 5, 3) + 1);
        Keras.ClearSession();
        var conv = Wrap([6, 6, 2], x => new BatchNormalization().Apply(new Conv2D(4, 3, padding: "same").Apply(x)));
        var bytes = AssertParity(conv, [Normal(7, 6, 6, 2)]);
        StringAssert.Contains(string.Join(",", Parse(bytes).Graph.Node.Select(n => n.OpType)), "Conv,BatchNormalization,Transpose");
    }

    [TestMethod]
    public void BatchNormalization_FrozenLayerUsesMovingStatistics()
    {
        var model = Wrap([6], x => new BatchNormalization(trainable: false).Apply(x));
        Check(model, Normal(7, 6) * 3);
    }

    [TestMethod]
    public void LayerNormalization_OperatorFromOpset17_DecomposedBefore()
    {
        var model = Wrap([3, 8], x => new LayerNormalization().Apply(x));
        var x = Normal(7, 3, 8) * 2 + 0.5;
        Assert.IsTrue(Parse(AssertParity(model, [x], 17)).Graph.Node.Any(n => n.OpType == "LayerNormalization"));
        Assert.IsFalse(Parse(AssertParity(model, [x], 16)).Graph.Node.Any(n => n.OpType == "LayerNormalization"));
        Assert.IsTrue(Parse(AssertParity(model, [x], 18)).Graph.Node.Any(n => n.OpType == "LayerNormalization"));
    }

    [TestMethod]
    public void LayerNormalization_SeveralAxesAndWithoutScaleOrCenter()
    {
        Check(Wrap([3, 4, 5], x => new LayerNormalization(axis: [1, 2]).Apply(x)), Normal(7, 3, 4, 5) + 1);
        Keras.ClearSession();
        Check(Wrap([3, 4, 5], x => new LayerNormalization(axis: [1, 3]).Apply(x)), Normal(7, 3, 4, 5) + 1);
        Keras.ClearSession();
        Check(Wrap([3, 4, 5], x => new LayerNormalization(axis: 2, epsilon: 0.01).Apply(x)), Normal(7, 3, 4, 5) + 1);
        Keras.ClearSession();
        Check(Wrap([6], x => new LayerNormalization(center: false).Apply(x)), Normal(7, 6));
        Keras.ClearSession();
        Check(Wrap([6], x => new LayerNormalization(scale: false).Apply(x)), Normal(7, 6));
    }

    [TestMethod]
    public void Embedding_Int64Int32AndFloatIndices()
    {
        foreach (var dtype in new[] { "int64", "int32", "float32" })
        {
            Keras.ClearSession();
            var model = Wrap([5], x => new Embedding(10, 3).Apply(x), dtype);
            var indices = randint(0, 10, [7, 5], dtype: dtype switch { "int64" => ScalarType.Int64, "int32" => ScalarType.Int32, _ => ScalarType.Float32 });
            Check(model, indices);
        }
    }

    [TestMethod]
    public void Conv1D_PaddingsStridesDilationAndGroups()
    {
        foreach (var (padding, strides, dilation, groups) in new[] { ("valid", 1, 1, 1), ("same", 2, 1, 1), ("same", 1, 2, 2), ("causal", 1, 3, 1), ("valid", 3, 1, 2) })
        {
            Keras.ClearSession();
            var model = Wrap([11, 4], x => new Conv1D(6, 3, strides: strides, padding: padding, dilationRate: dilation, groups: groups, activation: "relu").Apply(x));
            Check(model, Normal(7, 11, 4));
        }
        Keras.ClearSession();
        Check(Wrap([4, 11], x => new Conv1D(6, 3, padding: "same", dataFormat: "channels_first").Apply(x)), Normal(7, 4, 11));
    }

    [TestMethod]
    public void Conv2D_PaddingsStridesDilationGroupsAndDataFormats()
    {
        foreach (var (padding, strides, dilation, groups) in new[] { ("valid", 1, 1, 1), ("same", 1, 1, 1), ("same", 2, 1, 1), ("same", 1, 2, 2), ("valid", 2, 1, 1) })
        {
            Keras.ClearSession();
            var model = Wrap([9, 8, 4], x => new Conv2D(6, 3, strides: strides, padding: padding, dilationRate: dilation, groups: groups).Apply(x));
            Check(model, Normal(7, 9, 8, 4));
        }
        Keras.ClearSession();
        Check(Wrap([9, 8, 3], x => new Conv2D(5, [2, 4], strides: [2, 1], padding: "same", activation: "softmax").Apply(x)), Normal(7, 9, 8, 3));
        Keras.ClearSession();
        Check(Wrap([3, 9, 8], x => new Conv2D(5, 3, padding: "same", dataFormat: "channels_first", activation: "elu").Apply(x)), Normal(7, 3, 9, 8));
    }

    [TestMethod]
    public void Conv2D_EachElementwiseActivationRunsChannelsFirst()
    {
        foreach (var name in ActivationFunctions.Names)
        {
            Keras.ClearSession();
            Check(Wrap([5, 5, 2], x => new Conv2D(3, 2, activation: name).Apply(x)), Normal(7, 5, 5, 2) * (2 * Scale(name)));
        }
    }

    [TestMethod]
    public void Pooling_MaxAndAverage_ValidAndSame()
    {
        foreach (var padding in new[] { "valid", "same" })
            foreach (var (pool, strides) in new[] { (2, (int?)null), (3, 2), (3, 1) })
            {
                Keras.ClearSession();
                var a = Keras.Input(shape: [7, 9, 3]);
                var model = new Model(a, [new MaxPooling2D(pool, strides, padding).Apply(a), new AveragePooling2D(pool, strides, padding).Apply(a)]);
                Check(model, Normal(7, 7, 9, 3));
            }
        Keras.ClearSession();
        var c = Keras.Input(shape: [3, 7, 9]);
        var channelsFirst = new Model(c, [new MaxPooling2D(3, 2, "same", "channels_first").Apply(c), new AveragePooling2D([2, 3], null, "same", "channels_first").Apply(c)]);
        Check(channelsFirst, Normal(7, 3, 7, 9));
    }

    [TestMethod]
    public void GlobalAveragePooling2D_KeepdimsDataFormatsAndAfterConvolution()
    {
        var a = Keras.Input(shape: [5, 6, 3]);
        var b = Keras.Input(shape: [3, 5, 6]);
        var conv = new Conv2D(4, 3).Apply(a);
        var model = new Model([a, b], [
            new GlobalAveragePooling2D().Apply(a),
            new GlobalAveragePooling2D(keepdims: true).Apply(a),
            new GlobalAveragePooling2D("channels_first").Apply(b),
            new GlobalAveragePooling2D("channels_first", keepdims: true).Apply(b),
            new GlobalAveragePooling2D().Apply(conv),
            new GlobalAveragePooling2D(keepdims: true).Apply(conv),
        ]);
        RandomizeWeights(model);
        Check(model, Normal(7, 5, 6, 3), Normal(7, 3, 5, 6));
    }

    [TestMethod]
    public void Rescaling_FloatAndUint8Inputs()
    {
        Check(Wrap([4], x => new Rescaling(1 / 127.5, offset: -1).Apply(x)), Normal(7, 4) * 100);
        Keras.ClearSession();
        var model = Wrap([2, 3], x => new Rescaling(1 / 255.0).Apply(x), dtype: "uint8");
        Check(model, randint(0, 256, [7, 2, 3], dtype: ScalarType.Byte));
    }

    [TestMethod]
    public void NestedModels_AreInlined()
    {
        var inner = new Sequential([Keras.Input(shape: [4]), new Dense(5, activation: "relu"), new Dense(3)], name: "inner");
        var x = Keras.Input(shape: [4], name: "x");
        var y = Keras.Input(shape: [4], name: "y");
        var shared = new Add().Apply(inner.Apply(x), inner.Apply(y)); // the same nested model twice: shared weights
        var middle = new Model([x, y], shared, name: "middle");
        var outer = new Sequential([Keras.Input(shape: [4]), new Dense(4, activation: "tanh")], name: "outer");
        var z = Keras.Input(shape: [4], name: "z");
        var top = new Model(z, new Dense(2, name: "head").Apply(middle.Apply(outer.Apply(z), z)), name: "top");
        RandomizeWeights(top);
        var bytes = AssertParity(top, [Normal(7, 4)]);
        var initializers = Parse(bytes).Graph.Initializer.Select(i => i.Name).ToList();
        Assert.AreEqual(initializers.Distinct().Count(), initializers.Count);
        Assert.AreEqual(1, initializers.Count(n => n == "dense/kernel"), "a model used twice shares its weights");
        Assert.AreEqual(top.Weights.Count, initializers.Count);
    }

    [TestMethod]
    public void NestedModels_InsideSequential()
    {
        var i = Keras.Input(shape: [4]);
        var functional = new Model(i, new Dense(3, activation: "relu").Apply(i), name: "block");
        var model = new Sequential([new Sequential([new Dense(4, activation: "tanh")], name: "first"), functional, new Dense(2)], name: "stack");
        model.Build([null, 5]);
        RandomizeWeights(model);
        Check(model, Normal(7, 5));
    }

    [TestMethod]
    public void Float64Layers_KeepTheirDtype()
    {
        var input = Keras.Input(shape: [4]);
        var wide = new Dense(3, activation: "sigmoid", dtype: "float64").Apply(input);
        var model = new Model(input, new Dense(2, dtype: "float32").Apply(new LayerNormalization(dtype: "float64").Apply(wide)));
        RandomizeWeights(model);
        Check(model, Normal(7, 4));
        var graph = Parse(Export(model)).Graph;
        Assert.AreEqual((int)Microsoft.ML.KerasStyle.Onnx.Proto.TensorProto.Types.DataType.Double, graph.Initializer.Single(t => t.Name == "dense/kernel").DataType);
    }

    [TestMethod]
    public void UnknownImageSizes_PadSameAtRunTime()
    {
        var input = Keras.Input(shape: [null, null, 3]);
        var x = new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu").Apply(input);
        x = new MaxPooling2D(3, 2, padding: "same").Apply(x);
        x = new AveragePooling2D(2, padding: "same").Apply(x);
        x = new Conv1D(2, 2).Apply(new Reshape([-1, 4]).Apply(x));
        var model = new Model(input, [new GlobalAveragePooling2D().Apply(new Conv2D(2, 2, padding: "same").Apply(input)), new Flatten().Apply(x)]);
        RandomizeWeights(model);
        using var session = Session(Export(model));
        // Sizes where TensorFlow's "same" pads unevenly (odd totals) and evenly.
        foreach (var (h, w) in new[] { (17, 11), (16, 16), (13, 10) })
        {
            Keras.ClearSession();
            AssertParity(model, session, [Normal(3, h, w, 3)], what: $"{h}×{w}");
        }
        Assert.IsTrue(Parse(Export(model)).Graph.Node.Any(n => n.Attribute.Any(a => a.Name == "auto_pad" && a.S.ToStringUtf8() == "SAME_UPPER")));
    }
}
