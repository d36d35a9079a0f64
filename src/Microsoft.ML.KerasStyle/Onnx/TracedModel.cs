namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// The computation of a subclassed model's <c>Call</c> as the tracer saw it: the layer calls in order, connected by
/// value numbers (the model's inputs are 0, 1, …), and which values the model returns.
/// </summary>
/// <param name="InputCount">The number of model inputs.</param>
/// <param name="Calls">The layer calls, in the order they ran.</param>
/// <param name="OutputIds">The values returned by <c>Call</c>, in order.</param>
/// <param name="OutputShapes">Their shapes, null where they vary with the unknown input sizes.</param>
/// <param name="OutputNames">The names of the outputs in an exported graph: the producing layer's name where it is unique, else <c>output_0</c>, ….</param>
internal sealed record TracedModel(int InputCount, IReadOnlyList<TracedCall> Calls, IReadOnlyList<int> OutputIds, IReadOnlyList<int?[]> OutputShapes,
                                   IReadOnlyList<string> OutputNames)
{
    /// <summary>
    /// Adds each call through <paramref name="exportCall"/>, starting from <paramref name="inputs"/>; returns the values of
    /// the model's outputs.
    /// </summary>
    public IReadOnlyList<OnnxValue> Export(IReadOnlyList<OnnxValue> inputs,
                                           Func<TracedCall, IReadOnlyList<OnnxValue>, IReadOnlyList<OnnxValue>> exportCall)
    {
        var values = new Dictionary<int, OnnxValue>();
        for (var i = 0; i < inputs.Count; i++) values[i] = inputs[i];
        foreach (var call in Calls)
        {
            var results = exportCall(call, call.InputIds.Select(id => values[id]).ToList());
            for (var i = 0; i < results.Count; i++) values[call.OutputIds[i]] = results[i];
        }
        return OutputIds.Select(id => values[id]).ToList();
    }
}
