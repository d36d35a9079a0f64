using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Activations;
using Microsoft.ML.KerasStyle.Onnx.Proto;
using static Microsoft.ML.KerasStyle.Tests.Onnx.OnnxTestHarness;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>What the exported file holds (names, shapes, weights, versions, metadata) and the errors for what cannot export.</summary>
[TestClass]
public sealed class OnnxExportFormatTests : KerasTestBase
{
    string directory = "";

    [TestInitialize]
    public void MakeDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), "kerasstyle-onnx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    static Model SmallFunctional()
    {
        var a = Keras.Input(shape: [3], name: "a");
        var b = Keras.Input(shape: [2, 4], name: "b", dtype: "int64");
        var x = new Dense(4, activation: "relu", name: "hidden").Apply(a);
        var y = new Flatten(name: "flat").Apply(new Embedding(10, 2, name: "embed").Apply(b));
        var z = new Concatenate(name: "joined").Apply(x, y);
        return new Model([a, b], [new Dense(1, name: "score").Apply(z), new Dense(3, activation: "softmax", name: "label").Apply(z)], name: "small");
    }

    [TestMethod]
    public void InputsAndOutputs_AreNamedTypedAndShapedAsInKeras()
    {
        var graph = Parse(Export(SmallFunctional())).Graph;
        Assert.AreEqual("small", graph.Name);
        CollectionAssert.AreEqual(new[] { "a", "b" }, graph.Input.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "score", "label" }, graph.Output.Select(o => o.Name).ToArray());
        Assert.AreEqual((int)TensorProto.Types.DataType.Float, graph.Input[0].Type.TensorType.ElemType);
        Assert.AreEqual((int)TensorProto.Types.DataType.Int64, graph.Input[1].Type.TensorType.ElemType);
        foreach (var info in graph.Input.Concat(graph.Output))
            Assert.AreEqual("batch", info.Type.TensorType.Shape.Dim[0].DimParam, $"{info.Name}: symbolic batch");
        CollectionAssert.AreEqual(new long[] { 2, 4 }, graph.Input[1].Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray());
        CollectionAssert.AreEqual(new long[] { 3 }, graph.Output[1].Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue).ToArray());
    }

    [TestMethod]
    public void UnknownNonBatchSizes_AreSymbolicToo()
    {
        var input = Keras.Input(shape: [null, 4], name: "steps");
        var model = new Model(input, new Dense(2).Apply(input));
        var graph = Parse(Export(model)).Graph;
        Assert.AreEqual("steps_dim_1", graph.Input[0].Type.TensorType.Shape.Dim[1].DimParam);
        RandomizeWeights(model);
        using var session = Session(Export(model));
        AssertParity(model, session, [Normal(7, 5, 4)]);
        AssertParity(model, session, [Normal(2, 9, 4)]);
    }

    [TestMethod]
    public void Initializers_AreTheKerasWeightsUnderTheirPaths()
    {
        var model = SmallFunctional();
        RandomizeWeights(model);
        var initializers = Parse(Export(model)).Graph.Initializer.ToDictionary(i => i.Name);
        foreach (var w in model.Weights)
        {
            Assert.IsTrue(initializers.TryGetValue(w.Path, out var init), $"initializer {w.Path}; have {string.Join(", ", initializers.Keys)}");
            CollectionAssert.AreEqual(w.Shape.Select(d => (long)d).ToArray(), init.Dims.ToArray(), w.Path);
            Assert.AreEqual((int)TensorProto.Types.DataType.Float, init.DataType);
            var stored = new float[w.Size];
            Buffer.BlockCopy(init.RawData.ToByteArray(), 0, stored, 0, stored.Length * 4);
            CollectionAssert.AreEqual(w.ToArray(), stored, w.Path);
        }
    }

    [TestMethod]
    public void ConvKernel_IsStoredInKerasLayout()
    {
        var input = Keras.Input(shape: [5, 5, 2]);
        var model = new Model(input, new Conv2D(3, [2, 4], name: "conv").Apply(input));
        var kernel = Parse(Export(model)).Graph.Initializer.Single(i => i.Name == "conv/kernel");
        CollectionAssert.AreEqual(new long[] { 2, 4, 2, 3 }, kernel.Dims.ToArray(), "(kh, kw, in, out) as Keras stores it");
    }

    [TestMethod]
    public void OpsetAndIrVersion_AsRequested()
    {
        var model = SmallFunctional();
        foreach (var (opset, ir) in new[] { (13, 8L), (17, 8L), (18, 8L), (19, 9L), (20, 9L), (21, 10L) })
        {
            var proto = Parse(Export(model, opset));
            Assert.AreEqual(ir, proto.IrVersion, $"opset {opset}");
            var import = proto.OpsetImport.Single();
            Assert.AreEqual("", import.Domain);
            Assert.AreEqual(opset, import.Version);
        }
        Assert.AreEqual(17, Parse(Export(model)).OpsetImport.Single().Version, "default opset");
    }

    [TestMethod]
    public void Metadata_RoundTripsThroughOnnxRuntime()
    {
        var model = SmallFunctional();
        var onnxPath = Path.Combine(directory, "small.onnx");
        model.ExportOnnx(onnxPath);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnxPath);
        var metadata = session.ModelMetadata;
        Assert.AreEqual("KerasStyle.ML", metadata.ProducerName);
        Assert.AreEqual("small", metadata.GraphName);
        var props = metadata.CustomMetadataMap;
        Assert.AreEqual("3.10.0", props["keras_version"]);

        // The config is the one a .keras file holds for the same model.
        var kerasPath = Path.Combine(directory, "small.keras");
        model.Save(kerasPath);
        using var zip = ZipFile.OpenRead(kerasPath);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var saved = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        saved.Remove("compile_config");
        var exported = JsonNode.Parse(props["keras_config"])!;
        Assert.IsTrue(JsonNode.DeepEquals(saved, exported), $"{exported.ToJsonString()}\n!=\n{saved.ToJsonString()}");
        Assert.AreEqual("Functional", exported["class_name"]!.GetValue<string>());
    }

    [TestMethod]
    public void ProducerVersion_IsTheLibraryVersion()
    {
        var proto = Parse(Export(SmallFunctional()));
        Assert.AreEqual("KerasStyle.ML", proto.ProducerName);
        var version = typeof(Model).Assembly.GetName().Version!;
        StringAssert.StartsWith(proto.ProducerVersion, $"{version.Major}.{version.Minor}");
    }

    [TestMethod]
    public void KerasOnnxExport_WritesTheSameFileAsExportOnnx()
    {
        var model = SmallFunctional();
        var first = Path.Combine(directory, "a.onnx");
        var second = Path.Combine(directory, "b.onnx");
        Keras.Onnx.Export(model, first);
        model.ExportOnnx(second);
        CollectionAssert.AreEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
        CollectionAssert.AreEqual(Export(model), File.ReadAllBytes(first));
    }

    [TestMethod]
    public void Error_OpsetOutOfRange()
    {
        var model = SmallFunctional();
        foreach (var opset in new[] { 12, 22, 0 })
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Export(model, opset));
            StringAssert.Contains(error.Message, "supports opsets 13 to 21");
            StringAssert.Contains(error.Message, $"received opset {opset}");
            Assert.AreEqual("opset", error.ParamName);
        }
    }

    sealed class Doubling(string? name = null) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2;

        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    sealed class MyDense(int units) : Dense(units);

    [TestMethod]
    public void Error_UnsupportedLayerNamesTheLayerAndItsClass()
    {
        var input = Keras.Input(shape: [3]);
        var model = new Model(input, new Dense(2).Apply(new Doubling(name: "twice").Apply(input)), name: "custom");
        var path = Path.Combine(directory, "custom.onnx");
        File.WriteAllText(path, "previous");
        var error = Assert.ThrowsExactly<NotSupportedException>(() => model.ExportOnnx(path));
        StringAssert.Contains(error.Message, "model 'custom'");
        StringAssert.Contains(error.Message, "layer 'twice'");
        StringAssert.Contains(error.Message, typeof(Doubling).FullName!);
        StringAssert.Contains(error.Message, "Conv2D");
        Assert.AreEqual("previous", File.ReadAllText(path), "a failed export leaves the file as it was");

        Keras.ClearSession();
        var sub = Keras.Input(shape: [3]);
        var subclassed = new Model(sub, new MyDense(2).Apply(sub));
        StringAssert.Contains(Assert.ThrowsExactly<NotSupportedException>(() => Export(subclassed)).Message, "subclass");
    }

    [TestMethod]
    public void Error_UnknownActivationNamesIt()
    {
        var input = Keras.Input(shape: [3]);
        var cube = new ActivationFunction("cube", x => x * x * x);
        var model = new Model(input, new Dense(2, activation: cube, name: "d").Apply(input));
        var error = Assert.ThrowsExactly<NotSupportedException>(() => Export(model));
        StringAssert.Contains(error.Message, "Layer 'd' (Dense)");
        StringAssert.Contains(error.Message, "'cube'");
    }

    sealed class Subclassed : Model
    {
        readonly Dense dense = new(2);

        protected override Outputs Call(Inputs inputs, bool training) => dense.Apply(inputs[0]);
    }

    [TestMethod]
    public void SubclassedModel_ExportsItsTracedCall()
    {
        var model = new Subclassed();
        model.Apply(ones(2, 3));
        var graph = Parse(Export(model)).Graph;
        Assert.AreEqual("input", graph.Input.Single().Name);
        CollectionAssert.AreEqual(new[] { "Gemm" }, graph.Node.Select(n => n.OpType).ToArray());
        CollectionAssert.AreEqual(new[] { "dense/bias", "dense/kernel" }, graph.Initializer.Select(i => i.Name).Order().ToArray());
    }

    [TestMethod]
    public void Error_UnbuiltSequential()
    {
        var model = new Sequential([new Dense(2)], name: "unbuilt");
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Export(model));
        StringAssert.Contains(error.Message, "'unbuilt'");
        StringAssert.Contains(error.Message, "Build(inputShape)");
    }

    [TestMethod]
    public void EveryLayerClassOfTheLibraryExportsOrSaysWhyNot()
    {
        var layerClasses = typeof(Layer).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(Layer).IsAssignableFrom(t))
            .Where(t => !t.IsDefined(typeof(KerasStyle.Onnx.NotExportableToOnnxAttribute), inherit: false))
            .Select(t => t == typeof(Model) ? "Functional" : t.Name)
            .ToList();
        var missing = layerClasses.Except(Keras.Onnx.SupportedLayers).ToList();
        Assert.AreEqual(0, missing.Count, $"layer classes with neither an ONNX exporter nor [NotExportableToOnnx(reason)]: {string.Join(", ", missing)}");
    }
}
