using System.Reflection;
using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// Every layer class that exports to ONNX, with its exporter, found by convention: each concrete
/// <see cref="LayerExporter"/> of the library names the layer class it writes (<see cref="LayerExporter.LayerType"/>),
/// so adding an exporter is adding its file. Two exporters of one class are an error when the registry starts. Classes
/// are matched exactly — a subclass of a supported layer may compute something else, so it is reported, not guessed;
/// a library layer without an exporter says why with <see cref="NotExportableToOnnxAttribute"/>.
/// </summary>
internal static class LayerExporterRegistry
{
    static readonly Dictionary<Type, LayerExporter> ByType = Discover(typeof(LayerExporter).Assembly.GetTypes());

    /// <summary>One exporter per layer class, made from the concrete exporter classes among <paramref name="types"/>.</summary>
    public static Dictionary<Type, LayerExporter> Discover(IEnumerable<Type> types)
    {
        var byType = new Dictionary<Type, LayerExporter>();
        foreach (var type in types.Where(t => typeof(LayerExporter).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters)
                                  .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var exporter = (LayerExporter)Activator.CreateInstance(type, nonPublic: true)!;
            if (byType.TryGetValue(exporter.LayerType, out var other))
                throw new InvalidOperationException(
                    $"Two ONNX exporters for layer class {exporter.LayerType.Name}: {other.GetType().Name} and {type.Name}. Keep one.");
            if (exporter.LayerType.GetCustomAttribute<NotExportableToOnnxAttribute>() is not null)
                throw new InvalidOperationException(
                    $"Layer class {exporter.LayerType.Name} is marked [NotExportableToOnnx] but {type.Name} exports it. Remove the attribute.");
            byType[exporter.LayerType] = exporter;
        }
        return byType;
    }

    /// <summary>The class names of the layers that export, sorted.</summary>
    public static IReadOnlyList<string> SupportedClassNames { get; } =
        ByType.Keys.Select(t => t == typeof(Models.Model) ? "Functional" : t.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="layerType"/> has an exporter.</summary>
    public static bool Exports(Type layerType) => ByType.ContainsKey(layerType);

    /// <summary>The exporter of <paramref name="layer"/>'s class; none is an error naming the layer, its class, the model and the reason when one is declared.</summary>
    public static LayerExporter Find(Layer layer, string modelName)
    {
        if (ByType.TryGetValue(layer.GetType(), out var exporter)) return exporter;
        var prefix = $"Cannot export model '{modelName}' to ONNX: layer '{layer.Name}' of class {layer.GetType().FullName}";
        if (layer.GetType().GetCustomAttribute<NotExportableToOnnxAttribute>() is { } notExportable)
            throw new NotSupportedException($"{prefix} cannot be exported: {notExportable.Reason}");
        throw new NotSupportedException(
            $"{prefix} has no ONNX mapping. " +
            $"Layer classes that export: {string.Join(", ", SupportedClassNames)} (matched exactly: a subclass of one of them is not exported as its base class, since it may compute something else).");
    }
}
