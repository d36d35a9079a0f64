using System.Text.Json.Nodes;
using Microsoft.ML.KerasStyle.Saving;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// GetConfig → from-config → GetConfig, and serialize → deserialize (Keras's run_class_serialization_test).
internal static partial class LayerContract
{
    static readonly LoadContext Context = new("the layer contract", null);

    /// <summary>The JSON text Keras would write for the layer's config.</summary>
    internal static string ConfigText(Layer layer) => ConfigJson.Write(layer.GetConfig(), $"the config of layer '{layer.Name}'");

    /// <summary>
    /// Keras's <c>cls.from_config(config)</c>: a new layer of the same class from <paramref name="config"/> (JSON text),
    /// through the public <see cref="Layer.FromConfig(Type, IReadOnlyDictionary{string, object?}, IReadOnlyDictionary{string, Type}?)"/>.
    /// </summary>
    internal static Layer FromConfig(Type type, string config) =>
        Layer.FromConfig(type, (Dictionary<string, object?>)Plain(ConfigJson.Parse(config))!);

    /// <summary>JSON as the plain values GetConfig returns (dictionaries, lists, numbers, strings, booleans).</summary>
    static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v when v.TryGetValue(out double d) => d,
        _ => node.GetValue<string>(),
    };

    static void CheckConfig(LayerCase c)
    {
        var layer = c.Make();
        var config = layer.GetConfig();
        Assert.AreEqual(layer.Name, config["name"], "config 'name'");
        Assert.AreEqual(layer.Dtype, config["dtype"], "config 'dtype'");
        Assert.AreEqual(layer.Trainable, config["trainable"], "config 'trainable'");
        var bad = config.Keys.Where(k => k != k.ToLowerInvariant() || k.Contains(' ')).ToList();
        Assert.IsEmpty(bad, $"config keys are Keras's snake_case: {string.Join(", ", bad)}");

        var text = ConfigText(layer);
        var revived = FromConfig(layer.GetType(), text);
        Assert.AreEqual(layer.GetType(), revived.GetType(), "class of the layer rebuilt from its config");
        Assert.AreEqual(text, ConfigText(revived), "GetConfig of the layer rebuilt from the config");
        // GetConfig alone (no capture at save time) must describe the layer: the rebuilt one computes the same.
        var built = BuiltWithRandomWeights(c);
        var rebuilt = FromConfig(built.GetType(), ConfigText(built));
        var sample = Draw(c, 7);
        Run(rebuilt, sample);
        rebuilt.SetWeights(built.GetWeights());
        AssertIdentical(Run(built, sample), Run(rebuilt, sample), "the layer rebuilt from GetConfig() with the same weights");

        // Frozen: the flag goes through the config, and a frozen layer trains nothing.
        var frozen = c.Make();
        frozen.Trainable = false;
        var thawed = FromConfig(frozen.GetType(), ConfigText(frozen));
        Assert.IsFalse(thawed.Trainable, "a layer rebuilt from a config with trainable=false is trainable");
        Run(thawed, Draw(c, 1));
        Assert.IsEmpty(thawed.TrainableWeights, "a frozen layer has trainable weights");
        Assert.HasCount(c.TrainableWeights + c.NonTrainableWeights, thawed.NonTrainableWeights, "a frozen layer's weights are all non-trainable");
    }

    static void CheckSerialization(LayerCase c)
    {
        var layer = BuiltWithRandomWeights(c);
        var where = $"layer '{layer.Name}'";
        var text = ConfigJson.Write(LayerSerializer.Serialize(layer, where), where);
        var revived = LayerFromConfig.Deserialize((JsonObject)ConfigJson.Parse(text)!, Context);
        Assert.AreEqual(layer.GetType(), revived.GetType(), "class of the deserialized layer");
        Assert.AreEqual(ConfigText(layer), ConfigText(revived), "GetConfig of the deserialized layer");
        CollectionAssert.AreEqual(layer.Weights.Select(w => $"{w.Path} ({string.Join(",", w.Shape)})").ToList(),
                                  revived.Weights.Select(w => $"{w.Path} ({string.Join(",", w.Shape)})").ToList(),
                                  "weights of the deserialized layer (built from its build_config)");
        revived.SetWeights(layer.GetWeights());
        var inputs = Draw(c, 7);
        AssertIdentical(Run(layer, inputs), Run(revived, inputs), "the deserialized layer with the same weights");
    }
}
