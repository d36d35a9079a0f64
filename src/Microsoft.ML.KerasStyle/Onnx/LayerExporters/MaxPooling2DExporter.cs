using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>MaxPooling2D: ONNX <c>MaxPool</c> (padded positions never win, as in the layer).</summary>
internal sealed class MaxPooling2DExporter : BasePoolingExporter<MaxPooling2D>
{
    /// <inheritdoc/>
    protected override string OpType => "MaxPool";
}
