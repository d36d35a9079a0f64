using Microsoft.ML.KerasStyle.Layers;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// While the ONNX exporter traces a subclassed model, notes every layer call made directly by the model's <c>Call</c>
/// (the layer, the tensors it received and returned); calls inside those layers are not noted, since each layer exports
/// as a whole. Active on one thread only for the duration of a trace: outside export, <c>Layer.Apply</c> pays one
/// thread-static read.
/// </summary>
internal sealed class LayerCallRecorder : IDisposable
{
    [ThreadStatic] static LayerCallRecorder? active;

    readonly LayerCallRecorder? previous;
    readonly List<RecordedLayerCall> calls = [];
    int depth;

    LayerCallRecorder()
    {
        previous = active;
        active = this;
    }

    /// <summary>The recorder in force on this thread; null outside a trace.</summary>
    public static LayerCallRecorder? Active => active;

    /// <summary>Starts recording on this thread until the recorder is disposed.</summary>
    public static LayerCallRecorder Start() => new();

    /// <summary>The calls made by the traced model's <c>Call</c>, in the order they finished.</summary>
    public IReadOnlyList<RecordedLayerCall> Calls => calls;

    /// <summary>
    /// Runs <paramref name="call"/> (one <c>Layer.Apply</c>) and notes it when it is made by the traced model itself
    /// (depth 1: the traced model's own call is depth 0, the layers inside a noted layer are deeper).
    /// </summary>
    public Outputs Record(Layer layer, Inputs inputs, Func<Outputs> call)
    {
        var callDepth = depth++;
        Outputs outputs;
        try
        {
            outputs = call();
        }
        finally
        {
            depth--;
        }
        if (callDepth == 1) calls.Add(new RecordedLayerCall(layer, inputs.ToList(), inputs.Names.ToList(), outputs.ToList()));
        return outputs;
    }

    /// <inheritdoc/>
    public void Dispose() => active = previous;
}
