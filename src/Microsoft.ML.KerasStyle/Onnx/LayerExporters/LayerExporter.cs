using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Writes one layer class as ONNX operators, for inference (Dropout passes through, BatchNormalization uses its moving
/// statistics). One exporter per layer class, listed in <see cref="LayerExporterRegistry"/>.
/// </summary>
internal abstract class LayerExporter
{
    /// <summary>The layer class exported (matched exactly: a subclass may compute something else).</summary>
    public abstract Type LayerType { get; }

    /// <summary>Adds the layer's nodes for one call on <paramref name="inputs"/> and returns its outputs.</summary>
    public abstract IReadOnlyList<OnnxValue> Export(Layer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context);
}

/// <summary>An exporter of layers of class <typeparamref name="TLayer"/> with one input and one output.</summary>
internal abstract class LayerExporter<TLayer> : LayerExporter where TLayer : Layer
{
    /// <inheritdoc/>
    public override Type LayerType => typeof(TLayer);

    /// <inheritdoc/>
    public override IReadOnlyList<OnnxValue> Export(Layer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context)
    {
        if (inputs.Count != 1)
            throw new InvalidOperationException($"Layer '{layer.Name}' ({layer.ClassName}) takes one input but is called on {inputs.Count} in the graph.");
        return [Export((TLayer)layer, inputs[0], context)];
    }

    /// <summary>Adds the nodes of <paramref name="layer"/> applied to <paramref name="input"/>.</summary>
    protected abstract OnnxValue Export(TLayer layer, OnnxValue input, LayerExportContext context);
}

/// <summary>An exporter of layers of class <typeparamref name="TLayer"/> with several inputs and one output.</summary>
internal abstract class MultiInputLayerExporter<TLayer> : LayerExporter where TLayer : Layer
{
    /// <inheritdoc/>
    public override Type LayerType => typeof(TLayer);

    /// <inheritdoc/>
    public override IReadOnlyList<OnnxValue> Export(Layer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context) =>
        [Export((TLayer)layer, inputs, context)];

    /// <summary>Adds the nodes of <paramref name="layer"/> applied to <paramref name="inputs"/>.</summary>
    protected abstract OnnxValue Export(TLayer layer, IReadOnlyList<OnnxValue> inputs, LayerExportContext context);
}
