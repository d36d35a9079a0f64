using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>Conv1D: ONNX <c>Conv</c> over (batch, channels, steps); <c>causal</c> padding pads the start only.</summary>
internal sealed class Conv1DExporter : BaseConvExporter<Conv1D>;
