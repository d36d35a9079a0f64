using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Reads a subclassed model's <c>Call</c> by running it: twice in inference mode on zeros (unknown sizes 2, then 3),
/// with a <see cref="LayerCallRecorder"/> noting the layer calls <c>Call</c> makes. Tensors are matched by reference, so
/// every value the model returns or passes to a layer must come from a model input or a layer call; a value made by a
/// tensor operation in between (<c>x + y</c>, <c>torch.cat</c>) is invisible to the exporter and is reported with the
/// layer that receives it. Output sizes that differ between the two runs are the unknown ones.
/// </summary>
internal static class SubclassedModelTracer
{
    const int FirstProbe = 2, SecondProbe = 3;
    const int Unseen = -1;

    /// <summary>The inputs a top-level model is traced with: those it was built with (by its first call or <c>Build</c>).</summary>
    public static IReadOnlyList<TraceInput> InputsOf(Model model)
    {
        if (model.Graph is { } graph)
            return graph.Inputs.Select(t => new TraceInput(t.Name, t.Shape, Backend.Dtypes.ToScalarType(t.Dtype))).ToList();
        var shapes = model.BuildShapes ?? throw new InvalidOperationException(
            $"Cannot export model '{model.Name}' ({model.ClassName}) to ONNX: it has never been called, so the shapes of its inputs " +
            "are unknown. Call it once on data (model.Apply(x)) or build it (model.Build(inputShape)) before exporting.");
        var names = model.BuildInputNames;
        var types = model.BuildInputTypes;
        return shapes.Select((s, i) => new TraceInput(names?[i], s, types?[i] ?? Backend.Dtypes.ToScalarType(model.Dtype))).ToList();
    }

    /// <summary>
    /// The ONNX input names of a traced top-level model: the names it was called by, else <c>input</c> for one input and
    /// <c>input_0</c>, <c>input_1</c>, … for several.
    /// </summary>
    public static IReadOnlyList<string> InputNames(IReadOnlyList<TraceInput> inputs) => IsNamed(inputs)
        ? inputs.Select(i => i.Name!).ToList()
        : inputs.Count == 1 ? ["input"] : inputs.Select((_, i) => $"input_{i}").ToList();

    static bool IsNamed(IReadOnlyList<TraceInput> inputs) =>
        inputs.All(i => i.Name is not null) && inputs.Select(i => i.Name).Distinct().Count() == inputs.Count;

    /// <summary>Traces <paramref name="model"/> on inputs like <paramref name="inputs"/>.</summary>
    public static TracedModel Trace(Model model, IReadOnlyList<TraceInput> inputs)
    {
        var first = Run(model, inputs, FirstProbe);
        CheckVisible(model, first);
        var second = Run(model, inputs, SecondProbe);
        if (!SameStructure(first, second))
            throw new NotSupportedException(
                $"Cannot export model '{model.Name}' ({model.ClassName}) to ONNX: its Call makes different layer calls for inputs of " +
                "different sizes, so no single graph with a symbolic batch size represents it.");
        var calls = first.Calls.Zip(second.Calls, (a, b) => new TracedCall(
            a.Layer, a.InputIds,
            a.InputShapes.Select((s, i) => new TraceInput(a.InputNames[i], Merge(s, b.InputShapes[i]), a.InputTypes[i])).ToList(),
            a.OutputIds, a.OutputShapes.Zip(b.OutputShapes, Merge).ToList())).ToList();
        return new TracedModel(inputs.Count, calls, first.OutputIds, first.OutputShapes.Zip(second.OutputShapes, Merge).ToList(), OutputNames(first));
    }

    /// <summary>A recorded call with its tensors replaced by value numbers (<see cref="Unseen"/>: made outside any layer).</summary>
    sealed record ProbeCall(Layer Layer, int[] InputIds, IReadOnlyList<string?> InputNames, long[][] InputShapes, ScalarType[] InputTypes,
                            int[] OutputIds, long[][] OutputShapes);

    sealed record ProbeRun(List<ProbeCall> Calls, int[] OutputIds, long[][] OutputShapes);

    static ProbeRun Run(Model model, IReadOnlyList<TraceInput> inputs, int unknownSize)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probe = new Inputs();
        var ids = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        var named = IsNamed(inputs);
        var nextId = 0;
        foreach (var input in inputs)
        {
            var zerosLike = zeros(input.Shape.Select(d => (long)(d ?? unknownSize)).ToArray(), dtype: input.Type);
            ids[zerosLike] = nextId++;
            if (named) probe[input.Name!] = zerosLike;
            else probe.Add(zerosLike);
        }
        Outputs outputs;
        IReadOnlyList<RecordedLayerCall> recorded;
        using (var recorder = LayerCallRecorder.Start())
        {
            outputs = model.Apply(probe, training: false);
            recorded = recorder.Calls;
        }
        var calls = new List<ProbeCall>();
        foreach (var call in recorded)
        {
            var inputIds = call.Inputs.Select(t => ids.GetValueOrDefault(t, Unseen)).ToArray();
            var outputIds = new int[call.Outputs.Count];
            // A layer may return a tensor it received (Dropout in inference): it still becomes a new value, the call's output.
            for (var i = 0; i < outputIds.Length; i++) ids[call.Outputs[i]] = outputIds[i] = nextId++;
            calls.Add(new ProbeCall(call.Layer, inputIds, call.InputNames, call.Inputs.Select(t => t.shape).ToArray(),
                                    call.Inputs.Select(t => t.dtype).ToArray(), outputIds, call.Outputs.Select(t => t.shape).ToArray()));
        }
        return new ProbeRun(calls, outputs.Select(t => ids.GetValueOrDefault(t, Unseen)).ToArray(), outputs.Select(t => t.shape).ToArray());
    }

    static int?[] Merge(long[] first, long[] second) =>
        first.Zip(second, (a, b) => a == b ? (int?)checked((int)a) : null).ToArray();

    static bool SameStructure(ProbeRun a, ProbeRun b) =>
        a.Calls.Count == b.Calls.Count
        && a.Calls.Zip(b.Calls).All(p => p.First.Layer == p.Second.Layer
                                        && p.First.InputIds.SequenceEqual(p.Second.InputIds)
                                        && p.First.OutputIds.SequenceEqual(p.Second.OutputIds)
                                        && p.First.InputShapes.Select(s => s.Length).SequenceEqual(p.Second.InputShapes.Select(s => s.Length))
                                        && p.First.OutputShapes.Select(s => s.Length).SequenceEqual(p.Second.OutputShapes.Select(s => s.Length)))
        && a.OutputIds.SequenceEqual(b.OutputIds)
        && a.OutputShapes.Select(s => s.Length).SequenceEqual(b.OutputShapes.Select(s => s.Length));

    /// <summary>Every value a layer receives or the model returns comes from a model input or a layer call.</summary>
    static void CheckVisible(Model model, ProbeRun run)
    {
        const string Advice = "Only calls of library layers are traced: wrap the operation in a layer (Add, Multiply, Average, Concatenate, " +
                              "Rescaling, Reshape, Activation…) or build the model functionally.";
        var prefix = $"Cannot export model '{model.Name}' ({model.ClassName}) to ONNX:";
        foreach (var call in run.Calls)
            for (var i = 0; i < call.InputIds.Length; i++)
                if (call.InputIds[i] == Unseen)
                    throw new NotSupportedException(
                        $"{prefix} input {i} of layer '{call.Layer.Name}' ({call.Layer.ClassName}) is computed in Call by a tensor operation the " +
                        $"exporter cannot see (not by a layer call, nor a model input). {Advice}");
        for (var i = 0; i < run.OutputIds.Length; i++)
            if (run.OutputIds[i] == Unseen)
            {
                var after = run.Calls.Count > 0 ? $" after layer '{run.Calls[^1].Layer.Name}'" : "";
                throw new NotSupportedException(
                    $"{prefix} output {i} of its Call is computed by a tensor operation the exporter cannot see{after} (not by a layer call, " +
                    $"nor a model input). {Advice}");
            }
    }

    /// <summary>Each output is named after the layer that produced it when that name is unique among the outputs, else <c>output_i</c>.</summary>
    static IReadOnlyList<string> OutputNames(ProbeRun run)
    {
        var producers = new Dictionary<int, Layer>();
        foreach (var call in run.Calls)
            foreach (var id in call.OutputIds) producers[id] = call.Layer;
        var layerNames = run.OutputIds.Select(id => producers.TryGetValue(id, out var layer) ? layer.Name : null).ToList();
        return layerNames.Select((name, i) => name is not null && layerNames.Count(n => n == name) == 1 ? name : $"output_{i}").ToList();
    }
}
