using System.Reflection;
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
    /// <summary>
    /// Keras 3 classes without state that mark themselves built in their constructor (<c>_build_at_init</c>), so Keras
    /// writes no <c>build_config</c> for them. Matched exactly: a subclass may build something.
    /// </summary>
    static readonly HashSet<Type> BuiltAtConstruction =
    [
        typeof(Activation), typeof(LeakyReLU), typeof(ReLU), typeof(ELU), typeof(Softmax), typeof(Dropout), typeof(Reshape),
        typeof(MaxPooling2D), typeof(AveragePooling2D), typeof(GlobalAveragePooling2D),
    ];

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
        CheckSerializable(layer);
        var config = layer.GetConfig();
        CheckReloadable(layer, config);
        var serialized = KerasObjects.Serialize(layer, config, ObjectRegistry.IsBuiltIn(layer.GetType()) ? layer.ClassName : null);
        if (layer is not InputLayer && !BuiltAtConstruction.Contains(layer.GetType()) && layer.BuildShapes is { Count: > 0 } shapes)
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

    // Keras cannot save a subclassed model without get_config either: its constructor arguments are unknown.
    static void CheckSerializable(Layer layer)
    {
        if (layer is not Model || OverridesGetConfig(layer.GetType())) return;
        throw new InvalidOperationException(
            $"Cannot save model '{layer.Name}' ({layer.GetType().Name}) as a .keras file: it is a subclassed model, whose architecture lives in " +
            "its C# code. Override GetConfig() to return its constructor arguments (snake_case keys) and register the class with " +
            "[KerasSerializable] to make it loadable, or save only its weights with SaveWeights(\"….weights.h5\").");
    }

    static bool OverridesGetConfig(Type type) =>
        !ObjectRegistry.IsBuiltIn(type.GetMethod(nameof(Layer.GetConfig), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)!.DeclaringType!);

    /// <summary>A custom class's config must feed one of its constructors, or the file could never be loaded.</summary>
    static void CheckReloadable(Layer layer, Dictionary<string, object?> config)
    {
        var type = layer.GetType();
        if (ObjectRegistry.IsBuiltIn(type)) return;
        var keys = config.Keys.Select(ConfigActivator.CamelCase).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var missing = constructors
            .Select(c => c.GetParameters().Where(p => !p.HasDefaultValue && !keys.Contains(p.Name!)).Select(p => p.Name!).ToList())
            .OrderBy(m => m.Count)
            .FirstOrDefault();
        if (missing is { Count: 0 }) return;
        throw new InvalidOperationException(
            constructors.Length == 0
                ? $"Cannot save layer '{layer.Name}' ({type.Name}): the class has no public constructor to rebuild it from its config."
                : $"Cannot save layer '{layer.Name}' ({type.Name}): its constructor needs {string.Join(", ", missing!.Select(m => $"'{ConfigActivator.SnakeCase(m)}'"))}, " +
                  $"which GetConfig() does not return, so the file could not be loaded. Override GetConfig() to add them (snake_case keys).");
    }
}
