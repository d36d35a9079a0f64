using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// One layer call of a traced <c>Call</c>. Values are numbered: the model's inputs first, then each call's outputs.
/// </summary>
/// <param name="Layer">The layer called.</param>
/// <param name="InputIds">The values it was called on.</param>
/// <param name="Inputs">Its inputs' names, shapes (null where they vary with the model's unknown sizes) and types.</param>
/// <param name="OutputIds">The values it produced.</param>
/// <param name="OutputShapes">Their shapes, null where they vary with the model's unknown sizes.</param>
internal sealed record TracedCall(Layer Layer, IReadOnlyList<int> InputIds, IReadOnlyList<TraceInput> Inputs,
                                  IReadOnlyList<int> OutputIds, IReadOnlyList<int?[]> OutputShapes);
