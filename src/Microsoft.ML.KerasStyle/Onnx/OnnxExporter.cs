using System.Reflection;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Onnx.Proto;
using Microsoft.ML.KerasStyle.Saving;
using Google.Protobuf;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Turns a model's layer graph into an ONNX model for inference: graph inputs named after the Keras inputs, outputs
/// after the output layers, every batch axis the symbolic dimension <c>batch</c>, weights as initializers named by their
/// Keras paths, and the Keras config in the metadata. Each layer is written by its exporter (<see cref="LayerExporterRegistry"/>).
/// A subclassed model has no graph: its <c>Call</c> is traced instead (<see cref="SubclassedModelTracer"/>) and the layer
/// calls it makes are exported like graph nodes.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The oldest opset exported (Softmax over one axis, Unsqueeze axes as an input).</summary>
    public const int MinOpset = 13;

    /// <summary>The newest opset exported.</summary>
    public const int MaxOpset = 21;

    /// <summary>The opset used when none is given.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The <c>producer_name</c> written in every model.</summary>
    public const string ProducerName = "KerasStyle.ML";

    /// <summary>The metadata key of the Keras config (the JSON of a <c>.keras</c> file's <c>config.json</c>).</summary>
    public const string ConfigMetadataKey = "keras_config";

    /// <summary>The metadata key of the Keras version whose config format is written.</summary>
    public const string KerasVersionMetadataKey = "keras_version";

    /// <summary>The library's version, written as <c>producer_version</c>.</summary>
    public static string ProducerVersion { get; } = ReadProducerVersion();

    static string ReadProducerVersion()
    {
        var assembly = typeof(OnnxExporter).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // SourceLink appends "+<commit>"; the release number is the part before it.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
    }

    /// <summary>
    /// The ONNX IR version written for <paramref name="opset"/>: 8 (ONNX 1.10–1.13) up to opset 18, then the first IR
    /// version of the ONNX release that introduced the opset (9 for 19–20, 10 for 21), so checkers accept the pair.
    /// </summary>
    public static long IrVersion(int opset) => opset <= 18 ? 8 : opset <= 20 ? 9 : 10;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>; the file is replaced only once the model is complete.</summary>
    public static void Export(Model model, string path, int opset)
    {
        ArgumentNullException.ThrowIfNull(path);
        var proto = Build(model, opset);
        AtomicFile.Write(path, overwrite: true, stream => proto.WriteTo(stream));
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> (nothing is written if the model cannot be exported).</summary>
    public static void Export(Model model, Stream stream, int opset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Build(model, opset).WriteTo(stream);
    }

    /// <summary>The ONNX model of <paramref name="model"/> at <paramref name="opset"/>.</summary>
    public static ModelProto Build(Model model, int opset)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (opset is < MinOpset or > MaxOpset)
            throw new ArgumentOutOfRangeException(nameof(opset), opset,
                $"ONNX export of model '{model.Name}' supports opsets {MinOpset} to {MaxOpset} (default {DefaultOpset}); received opset {opset}.");
        var builder = new OnnxGraphBuilder(opset);
        var graphProto = IsTraced(RequireBuilt(model)) ? BuildTracedGraph(builder, model) : BuildFunctionalGraph(builder, model, model.Graph!);

        var proto = new ModelProto
        {
            IrVersion = IrVersion(opset),
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            ModelVersion = 1,
            DocString = $"Keras model '{model.Name}' ({model.ClassName}), exported for inference by {ProducerName} {ProducerVersion}.",
            Graph = graphProto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = KerasVersionMetadataKey, Value = KerasArchive.KerasVersion });
        if (ConfigJsonOf(model) is { } config) proto.MetadataProps.Add(new StringStringEntryProto { Key = ConfigMetadataKey, Value = config });
        return proto;
    }

    /// <summary>
    /// The Keras config as the <c>.keras</c> format writes it; null when the model's config does not serialize (the ONNX
    /// graph does not depend on it).
    /// </summary>
    static string? ConfigJsonOf(Model model)
    {
        try
        {
            var where = $"the config of model '{model.Name}'";
            return ConfigJson.Write(LayerSerializer.Serialize(model, where), where);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A functional or Sequential model: its graph, inputs and outputs named as in Keras.</summary>
    static GraphProto BuildFunctionalGraph(OnnxGraphBuilder builder, Model model, FunctionalGraph graph)
    {
        foreach (var name in model.OutputNames) builder.Reserve(name);
        var inputs = graph.Inputs.Select(t => builder.AddInput(t.Name, OnnxDataTypes.FromKeras(t.Dtype, $"Input '{t.Name}'"), t.Shape)).ToList();
        var outputs = ExportGraph(builder, model, graph, inputs, scope: "");
        var named = outputs.Select((v, i) => (v, model.OutputNames[i], graph.Outputs[i].Shape)).ToList();
        return builder.Finish(model.Name, DocString(model), named);
    }

    /// <summary>
    /// A subclassed model: its Call traced on inputs like those it was built with; inputs named as it was called
    /// (else <c>input</c>, <c>input_0</c>…), outputs after the layers that produce them (else <c>output_0</c>…).
    /// </summary>
    static GraphProto BuildTracedGraph(OnnxGraphBuilder builder, Model model)
    {
        var signature = SubclassedModelTracer.InputsOf(model);
        var trace = SubclassedModelTracer.Trace(model, signature);
        foreach (var name in trace.OutputNames) builder.Reserve(name);
        var inputNames = SubclassedModelTracer.InputNames(signature);
        var inputs = signature.Select((s, i) => builder.AddInput(inputNames[i], OnnxDataTypes.FromTorch(s.Type, $"Input '{inputNames[i]}'"), s.Shape)).ToList();
        var outputs = ExportTrace(builder, model, trace, inputs, scope: "");
        var named = outputs.Select((v, i) => (v, trace.OutputNames[i], trace.OutputShapes[i])).ToList();
        return builder.Finish(model.Name, DocString(model), named);
    }

    static string DocString(Model model) => $"Model '{model.Name}' ({model.ClassName}) exported by {ProducerName} for inference.";

    /// <summary>The model itself; a clear error for a Sequential model that is not built (it has no graph yet).</summary>
    static Model RequireBuilt(Model model) => model.Graph is null && model is Sequential && !OverridesCall(model.GetType())
        ? throw new InvalidOperationException(
            $"Cannot export Sequential model '{model.Name}' to ONNX: it is not built, so it has no graph yet. Declare its input first " +
            "(new Sequential([Keras.Input(shape: [...]), ...])) or call Build(inputShape) before exporting.")
        : model;

    /// <summary>True for a model whose computation is its Call (subclassed), exported by tracing it.</summary>
    static bool IsTraced(Model model) => OverridesCall(model.GetType()) || model.Graph is null && model is not Sequential;

    // A subclass that overrides Call computes something other than its graph (if it has one at all).
    static bool OverridesCall(Type type)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var several = type.GetMethod("Call", flags, [typeof(Inputs), typeof(bool)])?.DeclaringType;
        var one = type.GetMethod("Call", flags, [typeof(TorchSharp.torch.Tensor), typeof(bool)])?.DeclaringType;
        return several != typeof(Model) && several != typeof(Sequential) || one != typeof(Layer);
    }

    /// <summary>A model used as a layer, on <paramref name="inputs"/> shaped like <paramref name="signature"/>: its graph inlined, or its Call traced.</summary>
    static IReadOnlyList<OnnxValue> ExportModel(OnnxGraphBuilder builder, Model model, IReadOnlyList<OnnxValue> inputs,
                                                IReadOnlyList<TraceInput> signature, string scope) =>
        IsTraced(RequireBuilt(model))
            ? ExportTrace(builder, model, SubclassedModelTracer.Trace(model, signature), inputs, scope)
            : ExportGraph(builder, model, model.Graph!, inputs, scope);

    static IReadOnlyList<OnnxValue> ExportTrace(OnnxGraphBuilder builder, Model model, TracedModel trace, IReadOnlyList<OnnxValue> inputs, string scope)
    {
        if (inputs.Count != trace.InputCount)
            throw new InvalidOperationException($"Model '{model.Name}' takes {trace.InputCount} input(s) but is called on {inputs.Count}.");
        var outputs = trace.Export(inputs, (call, callInputs) =>
            ExportCall(builder, model, call.Layer, callInputs, call.Inputs, call.OutputShapes, scope));
        builder.Scope = scope;
        return outputs;
    }

    /// <summary>
    /// Adds one layer call of <paramref name="owner"/> (a graph node or a traced call) on <paramref name="inputs"/>, shaped
    /// like <paramref name="signature"/>; returns its outputs with Keras's shapes.
    /// </summary>
    static IReadOnlyList<OnnxValue> ExportCall(OnnxGraphBuilder builder, Model owner, Layer layer, IReadOnlyList<OnnxValue> inputs,
                                               IReadOnlyList<TraceInput> signature, IReadOnlyList<int?[]> outputShapes, string scope)
    {
        var layerScope = scope.Length == 0 ? layer.Name : $"{scope}/{layer.Name}";
        builder.Scope = layerScope;
        var context = new LayerExportContext(builder, outputShapes, scope,
                                             (nested, nestedInputs) => ExportModel(builder, nested, nestedInputs, signature, layerScope), layer);
        // Subclassed models are found by what they are, not by class: each is traced.
        var results = layer is Model model && IsTraced(model)
            ? context.ExportNested(model, inputs)
            : LayerExporterRegistry.Find(layer, owner.Name).Export(layer, inputs, context);
        builder.Scope = layerScope;
        if (results.Count != outputShapes.Count)
            throw new InvalidOperationException(
                $"ONNX export of layer '{layer.Name}' ({layer.ClassName}) produced {results.Count} outputs where the call returned {outputShapes.Count}.");
        // Keras's shape is the reference; a value passed through unchanged (Dropout) has it already.
        for (var i = 0; i < results.Count; i++) results[i].Shape = outputShapes[i];
        return results;
    }

    /// <summary>Adds the nodes of <paramref name="graph"/> on <paramref name="inputs"/>; returns the values of its outputs.</summary>
    static IReadOnlyList<OnnxValue> ExportGraph(OnnxGraphBuilder builder, Model model, FunctionalGraph graph, IReadOnlyList<OnnxValue> inputs, string scope)
    {
        if (inputs.Count != graph.Inputs.Count)
            throw new InvalidOperationException($"Model '{model.Name}' takes {graph.Inputs.Count} input(s) but is called on {inputs.Count} in the graph.");
        var values = new Dictionary<KerasTensor, OnnxValue>();
        for (var i = 0; i < inputs.Count; i++) values[graph.Inputs[i]] = inputs[i];
        foreach (var node in graph.Nodes)
        {
            if (node.IsInput) continue;
            var signature = node.InputTensors.Select(t => new TraceInput(null, t.Shape, Backend.Dtypes.ToScalarType(t.Dtype))).ToList();
            var results = ExportCall(builder, model, node.Layer, node.InputTensors.Select(t => values[t]).ToList(), signature,
                                     node.OutputTensors.Select(t => t.Shape).ToList(), scope);
            for (var i = 0; i < results.Count; i++) values[node.OutputTensors[i]] = results[i];
        }
        builder.Scope = scope;
        return graph.Outputs.Select(o => values[o]).ToList();
    }
}
