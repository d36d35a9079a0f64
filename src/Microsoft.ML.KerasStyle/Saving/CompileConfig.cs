using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Training;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>compile_config</c>: what <c>Compile</c> received (optimizer, loss, loss_weights, metrics,
/// weighted_metrics), written with the model and replayed on load (<c>compile_from_config</c>), after which the
/// optimizer's variables are created so that its saved state can be restored.
/// </summary>
internal static class CompileConfig
{
    /// <summary>The compile config of <paramref name="model"/>, or null when it was not compiled.</summary>
    public static Dictionary<string, object?>? Serialize(Model model)
    {
        if (!model.Compiled) return null;
        var (_, loss, lossWeights, metrics, weightedMetrics) = model.CompileArguments;
        return new()
        {
            // The optimizer in use (a default one included), with its hyperparameters.
            ["optimizer"] = model.Optimizer,
            ["loss"] = Losses(loss),
            ["loss_weights"] = Weights(lossWeights),
            ["metrics"] = Metrics(metrics),
            ["weighted_metrics"] = Metrics(weightedMetrics),
            ["run_eagerly"] = false,
            ["steps_per_execution"] = 1,
            ["jit_compile"] = false,
        };
    }

    static object? Losses(LossSpec? spec)
    {
        if (spec is null) return null;
        var entries = spec.Entries;
        if (entries.Count > 0 && entries.All(e => e.Output is not null)) return entries.ToDictionary(e => e.Output!, e => (object?)e.Loss);
        return entries.Count == 1 ? entries[0].Loss : entries.Select(e => (object?)e.Loss).ToList();
    }

    static object? Weights(LossWeights? weights)
    {
        if (weights is null) return null;
        var entries = weights.Entries;
        return entries.Count > 0 && entries.All(e => e.Output is not null)
            ? entries.ToDictionary(e => e.Output!, e => (object?)e.Weight)
            : entries.Select(e => (object?)e.Weight).ToList();
    }

    static object? Metrics(MetricsSpec? spec)
    {
        if (spec is null) return null;
        var entries = spec.Entries;
        return entries.Count > 0 && entries.All(e => e.Output is not null)
            ? entries.ToDictionary(e => e.Output!, e => Metric(e.Entry))
            : entries.Select(e => Metric(e.Entry)).ToList();
    }

    static object? Metric(MetricEntry entry) =>
        entry.IsList ? entry.Items.Select(Metric).ToList() : entry.Name ?? (object?)entry.Metric;

    /// <summary>Compiles <paramref name="model"/> as its file says and builds the optimizer's variables.</summary>
    public static void Apply(Model model, JsonObject config, LoadContext context)
    {
        var optimizer = config["optimizer"] switch
        {
            null => null,
            JsonValue v when IsString(v) => Named(() => (Optimizer)v.GetValue<string>(), "optimizer", context),
            JsonObject o => (Optimizer)KerasObjectFromConfig.Deserialize(o, typeof(Optimizer), typeof(Optimizer), context),
            var other => throw Invalid("optimizer", other, context),
        };
        model.Compile(optimizer, LossSpecOf(config["loss"], context), LossWeightsOf(config["loss_weights"], context),
                      MetricsOf(config["metrics"], "metrics", context), MetricsOf(config["weighted_metrics"], "weighted_metrics", context));
        // Keras's compile_from_config: the optimizer's variables exist before its saved state is loaded.
        if (model.Built && model.Optimizer is { } built) built.Build(model.TrainableWeights);
    }

    static bool IsString(JsonValue v) => ConfigJson.Element(v).ValueKind == JsonValueKind.String;

    static T Named<T>(Func<T> lookup, string what, LoadContext context)
    {
        try
        {
            return lookup();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"In {context.Source}: the compile config's {what} cannot be rebuilt: {e.Message}", e);
        }
    }

    static InvalidOperationException Invalid(string key, JsonNode? node, LoadContext context) =>
        new($"In {context.Source}: the compile config's '{key}' has an unexpected form: {KerasObjectFromConfig.Shorten(node?.ToJsonString() ?? "null")}.");

    static Loss LossOf(JsonNode? node, LoadContext context) => node switch
    {
        JsonValue v when IsString(v) => Named(() => (Loss)v.GetValue<string>(), "loss", context),
        JsonObject o when o.ContainsKey("class_name") && o["class_name"]?.GetValue<string>() == "function" && o["config"] is JsonValue name && IsString(name)
            => Named(() => (Loss)name.GetValue<string>(), "loss", context),
        JsonObject o when o.ContainsKey("class_name") => (Loss)KerasObjectFromConfig.Deserialize(o, typeof(Loss), typeof(Loss), context),
        _ => throw Invalid("loss", node, context),
    };

    static LossSpec? LossSpecOf(JsonNode? node, LoadContext context)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray list:
                var byPosition = new LossSpec();
                foreach (var item in list) byPosition.Add(LossOf(item, context));
                return byPosition;
            case JsonObject byOutput when !byOutput.ContainsKey("class_name"):
                var byName = new LossSpec();
                foreach (var (output, loss) in byOutput) byName[output] = LossOf(loss, context);
                return byName;
            default:
                return new LossSpec { LossOf(node, context) };
        }
    }

    static LossWeights? LossWeightsOf(JsonNode? node, LoadContext context)
    {
        var weights = new LossWeights();
        switch (node)
        {
            case null:
                return null;
            case JsonArray list:
                foreach (var item in list) weights.Add(Number(item, "loss_weights", context));
                return weights;
            case JsonObject byOutput:
                foreach (var (output, weight) in byOutput) weights[output] = Number(weight, "loss_weights", context);
                return weights;
            default:
                weights.Add(Number(node, "loss_weights", context));
                return weights;
        }
    }

    static double Number(JsonNode? node, string key, LoadContext context) =>
        node is JsonValue v && ConfigJson.Element(v).ValueKind == JsonValueKind.Number ? ConfigJson.Element(v).GetDouble() : throw Invalid(key, node, context);

    static MetricsSpec? MetricsOf(JsonNode? node, string key, LoadContext context)
    {
        var spec = new MetricsSpec();
        switch (node)
        {
            case null:
                return null;
            case JsonArray list:
                foreach (var item in list) spec.Add(MetricEntryOf(item, key, context));
                return spec;
            case JsonObject byOutput when !byOutput.ContainsKey("class_name"):
                foreach (var (output, metrics) in byOutput) spec[output] = MetricEntryOf(metrics, key, context);
                return spec;
            default:
                spec.Add(MetricEntryOf(node, key, context));
                return spec;
        }
    }

    static MetricEntry MetricEntryOf(JsonNode? node, string key, LoadContext context)
    {
        switch (node)
        {
            case JsonValue v when IsString(v):
                return v.GetValue<string>();
            case JsonArray list:
                var nested = new MetricEntry();
                foreach (var item in list) nested.Add(MetricEntryOf(item, key, context));
                return nested;
            // Keras writes a metric given as a function by its name.
            case JsonObject o when o["class_name"]?.GetValue<string>() == "function" && o["config"] is JsonValue name && IsString(name):
                return name.GetValue<string>();
            case JsonObject o when o.ContainsKey("class_name"):
                return (Metric)KerasObjectFromConfig.Deserialize(o, typeof(Metric), typeof(Metric), context);
            default:
                throw Invalid(key, node, context);
        }
    }
}
