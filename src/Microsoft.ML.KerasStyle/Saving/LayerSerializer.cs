using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>serialize_keras_object</c> for layers and models: <c>{module, class_name, config, registered_name,
/// build_config}</c>, where a Sequential's config lists its layers (input layer first) and a functional model's config
/// is its graph (<see cref="FunctionalSerializer"/>).
/// </summary>
internal static class LayerSerializer
{
    /// <summary>The serialized form of <paramref name="layer"/>; <paramref name="where"/> names it in errors.</summary>
    public static Dictionary<string, object?> Serialize(Layer layer, string where)
    {
        if (layer.GetType() == typeof(Sequential)) return SerializeSequential((Sequential)layer, where);
        if (layer.GetType() == typeof(Model))
        {
            var model = (Model)layer;
            if (!model.IsFunctional)
                throw new InvalidOperationException($"Cannot save model '{model.Name}': it has neither a graph (inputs and outputs) nor a Call method.");
            return new()
            {
                ["module"] = "keras.src.models.functional",
                ["class_name"] = "Functional",
                ["config"] = FunctionalSerializer.Config(model, where),
                ["registered_name"] = "Functional",
                ["build_config"] = new Dictionary<string, object?> { ["input_shape"] = null },
            };
        }
        var config = ConfigOf(layer);
        var serialized = KerasObjects.Serialize(layer, config, ObjectRegistry.IsBuiltIn(layer.GetType()) ? layer.ClassName : null);
        if (layer is not InputLayer && !layer.GetType().IsDefined(typeof(BuiltAtInitAttribute), inherit: false) && layer.BuildShapes is { Count: > 0 } shapes)
            serialized["build_config"] = new Dictionary<string, object?> { ["input_shape"] = shapes.Count == 1 ? shapes[0] : shapes.ToList() };
        return serialized;
    }

    static Dictionary<string, object?> SerializeSequential(Sequential model, string where)
    {
        var layers = model.Sublayers; // the input layer first, as Keras lists them in the config
        var config = new Dictionary<string, object?>
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["dtype"] = model.Dtype,
            ["layers"] = layers.Select(l => (object?)Serialize(l, $"{where}.layers.{l.Name}")).ToList(),
        };
        var input = model.IsFunctional && layers.Count > 0 ? layers[0] as InputLayer : null;
        if (input is not null) config["build_input_shape"] = input.BatchShape;
        var serialized = new Dictionary<string, object?>
        {
            ["module"] = "keras",
            ["class_name"] = "Sequential",
            ["config"] = config,
            ["registered_name"] = null,
        };
        if (input is not null) serialized["build_config"] = new Dictionary<string, object?> { ["input_shape"] = input.BatchShape };
        return serialized;
    }

    /// <summary>
    /// The config to save: a library class's <c>GetConfig()</c>; a custom class's completed with the constructor arguments
    /// it lacks (<see cref="ConfigCapture"/>), so that custom layers and subclassed models save without overriding it.
    /// </summary>
    public static Dictionary<string, object?> ConfigOf(Layer layer) =>
        ObjectRegistry.IsBuiltIn(layer.GetType()) ? layer.GetConfig() : ConfigCapture.Complete(layer, layer.GetConfig());
}
