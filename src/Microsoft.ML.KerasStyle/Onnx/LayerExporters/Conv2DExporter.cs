using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Conv2D: ONNX <c>Conv</c> over (batch, channels, height, width).</summary>
internal sealed class Conv2DExporter : BaseConvExporter<Conv2D>;
