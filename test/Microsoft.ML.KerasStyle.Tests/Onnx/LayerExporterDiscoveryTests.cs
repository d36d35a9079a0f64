using Microsoft.ML.KerasStyle.Onnx;

namespace Microsoft.ML.KerasStyle.Tests.Onnx;

/// <summary>Exporters are found by their layer class, not listed by hand; layers that cannot export say why.</summary>
[TestClass]
public sealed class LayerExporterDiscoveryTests : KerasTestBase
{
    /// <summary>A second exporter of Dense, as a contributor might add by mistake.</summary>
    sealed class SecondDenseExporter : LayerExporter<Dense>
    {
        protected override OnnxValue Export(Dense layer, OnnxValue input, LayerExportContext context) => input;
    }

    [TestMethod]
    public void TheLibrarysExportersAreFoundByConventionOnePerLayerClass()
    {
        var discovered = LayerExporterRegistry.Discover(typeof(LayerExporter).Assembly.GetTypes());

        CollectionAssert.AreEqual(new[]
        {
            "Activation", "ActivityRegularization", "Add", "Average", "AveragePooling2D", "BatchNormalization", "Concatenate", "Conv1D", "Conv2D", "Dense",
            "Dropout", "ELU", "Embedding", "Flatten", "Functional", "GlobalAveragePooling2D", "InputLayer", "LayerNormalization",
            "LeakyReLU", "MaxPooling2D", "Multiply", "ReLU", "Rescaling", "Reshape", "Sequential", "Softmax",
        }, Keras.Onnx.SupportedLayers.ToArray());
        Assert.HasCount(Keras.Onnx.SupportedLayers.Count, discovered);
        Assert.IsInstanceOfType<DenseExporter>(discovered[typeof(Dense)]);
        Assert.IsInstanceOfType<SequentialModelExporter>(discovered[typeof(Sequential)]);
    }

    [TestMethod]
    public void TwoExportersOfOneLayerClassAreAnError()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() =>
            LayerExporterRegistry.Discover([typeof(DenseExporter), typeof(SecondDenseExporter), typeof(ReLUExporter)]));
        StringAssert.Contains(error.Message, "Dense");
        StringAssert.Contains(error.Message, nameof(DenseExporter));
        StringAssert.Contains(error.Message, nameof(SecondDenseExporter));
    }

    /// <summary>A layer that declares it cannot be exported.</summary>
    [NotExportableToOnnx("its random walk has no ONNX operator")]
    sealed class RandomWalk(string? name = null) : Layer(name)
    {
        /// <inheritdoc/>
        protected override Tensor Call(Tensor inputs, bool training) => inputs + randn_like(inputs).cumsum(-1);

        /// <inheritdoc/>
        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;
    }

    [TestMethod]
    public void ALayerThatCannotExportGivesItsReasonInTheError()
    {
        var input = Keras.Input(shape: [3]);
        var model = new Model(input, new RandomWalk(name: "walk").Apply(new Dense(3).Apply(input)));
        var error = Assert.ThrowsExactly<NotSupportedException>(() => Keras.Onnx.Export(model, Path.Combine(Path.GetTempPath(), $"walk-{Guid.NewGuid():N}.onnx")));
        StringAssert.Contains(error.Message, "layer 'walk'");
        StringAssert.Contains(error.Message, "its random walk has no ONNX operator");
    }

    [TestMethod]
    public void TheReasonOfEveryLibraryLayerThatCannotExportIsInTheOnnxGuide()
    {
        var guide = File.ReadAllText(Path.Combine(Docs.RepositoryFiles.Root, "docs", "onnx.md"));
        var declared = typeof(Layer).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: (NotExportableToOnnxAttribute?)Attribute.GetCustomAttribute(t, typeof(NotExportableToOnnxAttribute))))
            .Where(p => p.Attribute is not null)
            .ToList();
        foreach (var (type, attribute) in declared)
        {
            Assert.IsFalse(LayerExporterRegistry.Exports(type), $"{type.Name} has an exporter and [NotExportableToOnnx]");
            StringAssert.Contains(guide, $"`{type.Name}`: {attribute!.Reason}", "docs/onnx.md lists the layers that do not export, with the reason");
        }
    }
}
