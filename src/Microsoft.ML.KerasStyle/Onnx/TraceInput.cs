using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>One input of a model call, as the tracer feeds it: zeros of this shape and element type.</summary>
/// <param name="Name">The name the input is passed by (a subclassed model may read <c>inputs["title"]</c>); null: by position.</param>
/// <param name="Shape">The shape, null for unknown sizes (the batch axis).</param>
/// <param name="Type">The element type.</param>
internal sealed record TraceInput(string? Name, int?[] Shape, ScalarType Type);
