using Microsoft.ML.KerasStyle.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>One layer call noted by <see cref="LayerCallRecorder"/>: the tensors are compared by reference to connect calls.</summary>
/// <param name="Layer">The layer called.</param>
/// <param name="Inputs">The tensors it received, in order.</param>
/// <param name="InputNames">The names they were passed by (null: by position).</param>
/// <param name="Outputs">The tensors it returned, in order.</param>
internal sealed record RecordedLayerCall(Layer Layer, IReadOnlyList<Tensor> Inputs, IReadOnlyList<string?> InputNames, IReadOnlyList<Tensor> Outputs);
