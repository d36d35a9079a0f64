using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>functional_from_config</c>: creates every layer, then replays each recorded call (node) on the symbolic
/// tensors it received — in layer order, retrying calls whose inputs do not exist yet — and makes the model from the
/// tensors named by <c>input_layers</c> and <c>output_layers</c>.
/// </summary>
internal static class FunctionalFromConfig
{
    sealed class NotYetAvailable : Exception;

    /// <summary>The functional model <paramref name="config"/> describes.</summary>
    public static Model Create(JsonObject config, LoadContext context)
    {
        var name = config["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        var what = $"functional model '{name}' in {context.Source}";
        var layerConfigs = (config["layers"] as JsonArray ?? throw new InvalidOperationException($"{what}: 'layers' is not a list."))
            .Select(l => l as JsonObject ?? throw new InvalidOperationException($"{what}: a layer entry is not an object: {l?.ToJsonString()}."))
            .ToList();

        var created = new Dictionary<string, Layer>();
        var pending = new List<(Layer Layer, Queue<JsonNode?> Nodes)>();
        foreach (var layerConfig in layerConfigs)
        {
            var layer = LayerFromConfig.Deserialize(layerConfig, context);
            var layerName = layerConfig["name"] is JsonValue ln && ln.TryGetValue<string>(out var lns) ? lns : layer.Name;
            if (!created.TryAdd(layerName, layer)) throw new InvalidOperationException($"{what}: two layers are named '{layerName}'.");
            var nodes = layerConfig["inbound_nodes"] as JsonArray ?? [];
            pending.Add((layer, new Queue<JsonNode?>(nodes)));
        }

        // Calls whose inputs come from layers processed later wait for the next pass (shared layers, nested graphs).
        while (pending.Any(p => p.Nodes.Count > 0))
        {
            var progress = false;
            foreach (var (layer, nodes) in pending)
            {
                while (nodes.Count > 0)
                {
                    KerasTensor[] arguments;
                    try
                    {
                        arguments = NodeInputs(nodes.Peek(), created, what);
                    }
                    catch (NotYetAvailable)
                    {
                        break;
                    }
                    try
                    {
                        layer.ApplyMany(arguments);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        throw new InvalidOperationException($"{what}: replaying the call of layer '{layer.Name}' failed: {e.Message}", e);
                    }
                    nodes.Dequeue();
                    progress = true;
                }
            }
            if (!progress)
                throw new InvalidOperationException(
                    $"{what}: the graph has loops or disconnected nodes; these calls could not be resolved: " +
                    string.Join(", ", pending.Where(p => p.Nodes.Count > 0).Select(p => $"'{p.Layer.Name}'")) + ".");
        }

        var inputs = References(config["input_layers"], created, what, "input_layers");
        var outputs = References(config["output_layers"], created, what, "output_layers");
        var model = new Model(inputs, outputs, name);
        if (config["trainable"] is JsonValue t && t.TryGetValue<bool>(out var trainable) && !trainable) model.Trainable = false;
        return model;
    }

    /// <summary>The symbolic tensors one recorded call received (Keras 3's <c>{args, kwargs}</c> or the older list form).</summary>
    static KerasTensor[] NodeInputs(JsonNode? node, Dictionary<string, Layer> created, string what)
    {
        var tensors = new List<KerasTensor>();
        if (node is JsonObject call)
        {
            if (call["kwargs"] is JsonObject kwargs && kwargs.Any(k => k.Value is not null && !(k.Key == "training" || k.Key == "mask")))
                throw new InvalidOperationException($"{what}: a call passes keyword arguments [{string.Join(", ", kwargs.Select(k => k.Key))}], which are not supported.");
            foreach (var arg in call["args"] as JsonArray ?? []) CollectTensors(arg, created, what, tensors);
        }
        else if (node is JsonArray legacy)
            foreach (var entry in legacy)
                tensors.Add(Resolve(entry as JsonArray ?? throw new InvalidOperationException($"{what}: cannot read call {node.ToJsonString()}."), created, what));
        if (tensors.Count == 0) throw new InvalidOperationException($"{what}: a recorded call has no input tensors: {node?.ToJsonString()}.");
        return tensors.ToArray();
    }

    static void CollectTensors(JsonNode? arg, Dictionary<string, Layer> created, string what, List<KerasTensor> tensors)
    {
        switch (arg)
        {
            case JsonArray list:
                foreach (var item in list) CollectTensors(item, created, what, tensors);
                break;
            case JsonObject tensor when tensor["class_name"]?.GetValue<string>() == "__keras_tensor__":
                tensors.Add(Resolve(tensor["config"]?["keras_history"] as JsonArray
                                    ?? throw new InvalidOperationException($"{what}: a tensor has no keras_history: {tensor.ToJsonString()}."), created, what));
                break;
            default:
                throw new InvalidOperationException($"{what}: a call argument is not a tensor: {arg?.ToJsonString() ?? "null"}. Only tensor arguments are supported.");
        }
    }

    /// <summary>The tensor <c>[layer, node_index, tensor_index]</c> names.</summary>
    static KerasTensor Resolve(JsonArray history, Dictionary<string, Layer> created, string what)
    {
        if (history.Count < 3) throw new InvalidOperationException($"{what}: invalid tensor reference {history.ToJsonString()}.");
        var layerName = history[0]!.GetValue<string>();
        var nodeIndex = history[1]!.GetValue<int>();
        var tensorIndex = history[2]!.GetValue<int>();
        if (!created.TryGetValue(layerName, out var layer))
            throw new InvalidOperationException($"{what}: a call refers to layer '{layerName}', which the model does not contain.");
        // Keras counts a nested functional model's construction as its node 0; this library does not record that node.
        if (FunctionalSerializer.IsFunctionalModel(layer)) nodeIndex--;
        if (nodeIndex < 0) throw new InvalidOperationException($"{what}: invalid node index in {history.ToJsonString()}.");
        if (nodeIndex >= layer.InboundNodes.Count) throw new NotYetAvailable();
        var outputs = layer.InboundNodes[nodeIndex].OutputTensors;
        return tensorIndex < outputs.Count
            ? outputs[tensorIndex]
            : throw new InvalidOperationException($"{what}: layer '{layerName}' has no output {tensorIndex} (reference {history.ToJsonString()}).");
    }

    /// <summary><c>input_layers</c>/<c>output_layers</c>: one reference, a list of them, or a dictionary by name.</summary>
    static KerasTensor[] References(JsonNode? node, Dictionary<string, Layer> created, string what, string key)
    {
        try
        {
            return node switch
            {
                JsonArray a when a.Count > 0 && a[0] is JsonValue => [Resolve(a, created, what)],
                JsonArray a => a.Select(r => Resolve(r as JsonArray ?? throw Invalid(key, node, what), created, what)).ToArray(),
                JsonObject o => o.Select(p => Resolve(p.Value as JsonArray ?? throw Invalid(key, node, what), created, what)).ToArray(),
                _ => throw Invalid(key, node, what),
            };
        }
        catch (NotYetAvailable)
        {
            throw new InvalidOperationException($"{what}: '{key}' refers to a call that the graph never makes: {node?.ToJsonString()}.");
        }
    }

    static InvalidOperationException Invalid(string key, JsonNode? node, string what) =>
        new($"{what}: cannot read '{key}': {node?.ToJsonString() ?? "null"}.");
}
