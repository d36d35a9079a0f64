using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>serialize_keras_object</c> for objects with a config: <c>{module, class_name, config, registered_name}</c>
/// (layers add <c>build_config</c>, see <see cref="LayerSerializer"/>).
/// </summary>
internal static class KerasObjects
{
    /// <summary>The serialized form of a Keras object, or null when <paramref name="value"/> is not one.</summary>
    public static Dictionary<string, object?>? TrySerialize(object value, string where) => value switch
    {
        Layer layer => LayerSerializer.Serialize(layer, where),
        Optimizer optimizer => Serialize(optimizer, OptimizerConfig(optimizer)),
        _ => ConfigOf(value) is { } config ? Serialize(value, config) : null,
    };

    /// <summary>
    /// The <c>get_config</c> of a layer, initializer, optimizer, schedule, loss, metric, regularizer or constraint (as the object reports it,
    /// a schedule inside an optimizer's config left as its config), or null for any other value.
    /// </summary>
    public static Dictionary<string, object?>? ConfigOf(object value) => value switch
    {
        Layer layer => layer.GetConfig(),
        Initializer initializer => initializer.GetConfig(),
        Optimizer optimizer => optimizer.GetConfig(),
        LearningRateSchedule schedule => schedule.GetConfig(),
        Loss loss => loss.GetConfig(),
        Metric metric => metric.GetConfig(),
        Regularizer regularizer => regularizer.GetConfig(),
        Constraint constraint => constraint.GetConfig(),
        _ => null,
    };

    /// <summary>The envelope Keras writes around an object's config.</summary>
    public static Dictionary<string, object?> Serialize(object value, Dictionary<string, object?> config, string? className = null)
    {
        var type = value.GetType();
        var builtIn = ObjectRegistry.IsBuiltIn(type);
        return new()
        {
            ["module"] = ObjectRegistry.ModuleOf(type),
            ["class_name"] = className ?? type.Name,
            ["config"] = config,
            // Keras writes the registered name of custom classes (the class name when unregistered), null for its own.
            ["registered_name"] = builtIn ? null : ObjectRegistry.RegisteredName(type) ?? type.Name,
        };
    }

    // A schedule is written as a serialized object (Keras's form), so that loading can rebuild it.
    static Dictionary<string, object?> OptimizerConfig(Optimizer optimizer)
    {
        var config = optimizer.GetConfig();
        if (optimizer.Schedule is { } schedule) config["learning_rate"] = schedule;
        return config;
    }
}
