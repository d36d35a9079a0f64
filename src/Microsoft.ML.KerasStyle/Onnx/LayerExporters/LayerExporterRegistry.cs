using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Every layer class that exports to ONNX, with its exporter: the one place to look for what is supported. Classes
/// are matched exactly — a subclass of a supported layer may compute something else, so it is reported, not guessed.
/// </summary>
internal static class LayerExporterRegistry
{
    static readonly Dictionary<Type, LayerExporter> ByType = new LayerExporter[]
    {
        new InputLayerExporter(),
        new DenseExporter(),
        new ActivationExporter(),
        new LeakyReLUExporter(),
        new ReLUExporter(),
        new ELUExporter(),
        new SoftmaxExporter(),
        new EmbeddingExporter(),
        new DropoutExporter(),
        new ActivityRegularizationExporter(),
        new FlattenExporter(),
        new ReshapeExporter(),
        new RescalingExporter(),
        new ConcatenateExporter(),
        new AddExporter(),
        new MultiplyExporter(),
        new AverageExporter(),
        new BatchNormalizationExporter(),
        new LayerNormalizationExporter(),
        new Conv1DExporter(),
        new Conv2DExporter(),
        new MaxPooling2DExporter(),
        new AveragePooling2DExporter(),
        new GlobalAveragePooling2DExporter(),
        new NestedModelExporter<Model>(),
        new NestedModelExporter<Sequential>(),
    }.ToDictionary(e => e.LayerType);

    /// <summary>The class names of the layers that export, sorted.</summary>
    public static IReadOnlyList<string> SupportedClassNames { get; } =
        ByType.Keys.Select(t => t == typeof(Model) ? "Functional" : t.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>The exporter of <paramref name="layer"/>'s class; none is an error naming the layer, its class and the model.</summary>
    public static LayerExporter Find(Layer layer, string modelName) => ByType.TryGetValue(layer.GetType(), out var exporter)
        ? exporter
        : throw new NotSupportedException(
            $"Cannot export model '{modelName}' to ONNX: layer '{layer.Name}' of class {layer.GetType().FullName} has no ONNX mapping. " +
            $"Layer classes that export: {string.Join(", ", SupportedClassNames)} (matched exactly: a subclass of one of them is not exported as its base class, since it may compute something else).");
}
