using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>AveragePooling2D: ONNX <c>AveragePool</c> with <c>count_include_pad=0</c>, so border windows average only real elements, as in Keras.</summary>
internal sealed class AveragePooling2DExporter : BasePoolingExporter<AveragePooling2D>
{
    /// <inheritdoc/>
    protected override string OpType => "AveragePool";

    /// <inheritdoc/>
    protected override IEnumerable<Proto.AttributeProto> ExtraAttributes => [OnnxAttributes.Int("count_include_pad", 0)];
}
