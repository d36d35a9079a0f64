using System.Reflection;
using Microsoft.ML.KerasStyle.Constraints;
using Microsoft.ML.KerasStyle.Initializers;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Losses;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Optimizers.Schedules;
using Microsoft.ML.KerasStyle.Regularizers;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras class names ↔ C# types: the library's own classes by their Keras name (<c>Dense</c>, <c>Adam</c>,
/// <c>HeNormal</c>…), and custom classes by their registered name <c>package&gt;name</c> (Keras's
/// <c>register_keras_serializable</c>, here <see cref="KerasSerializableAttribute"/> or <c>Keras.Saving.Register</c>).
/// </summary>
internal static class ObjectRegistry
{
    /// <summary>The kinds of objects a file names, with the Keras module of the library's own classes.</summary>
    static readonly (Type Kind, string Module, string Noun)[] Kinds =
    [
        (typeof(Layer), "keras.layers", "layer"),
        (typeof(Initializer), "keras.initializers", "initializer"),
        (typeof(LearningRateSchedule), "keras.optimizers.schedules", "learning rate schedule"),
        (typeof(Optimizer), "keras.optimizers", "optimizer"),
        (typeof(Loss), "keras.losses", "loss"),
        (typeof(Metric), "keras.metrics", "metric"),
        (typeof(Regularizer), "keras.regularizers", "regularizer"),
        (typeof(Constraint), "keras.constraints", "constraint"),
    ];

    static readonly Lock Gate = new();
    static readonly Dictionary<string, Type> Registered = new();
    static readonly Dictionary<Type, string> NamesOfRegistered = new();
    static Dictionary<string, Type>? attributed;
    static int attributedAssemblyCount;
    static Dictionary<(Type Kind, string ClassName), Type>? builtIns;

    /// <summary>The kind (<see cref="Layer"/>, <see cref="Initializer"/>…) <paramref name="type"/> belongs to, or null.</summary>
    public static Type? KindOf(Type type) => Kinds.Select(k => k.Kind).FirstOrDefault(k => k.IsAssignableFrom(type));

    /// <summary>"layer", "optimizer"… for messages.</summary>
    public static string Noun(Type kind) => Kinds.First(k => k.Kind == kind).Noun;

    /// <summary>True for the library's own classes.</summary>
    public static bool IsBuiltIn(Type type) => type.Assembly == typeof(Layer).Assembly;

    /// <summary>The <c>module</c> written for an object of <paramref name="type"/>: Keras's for built-ins, the namespace otherwise.</summary>
    public static string ModuleOf(Type type)
    {
        if (!IsBuiltIn(type)) return type.Namespace ?? "";
        if (type == typeof(Sequential)) return "keras";
        var kind = KindOf(type) ?? throw new ArgumentException($"{type.Name} is not a Keras object.");
        return Kinds.First(k => k.Kind == kind).Module;
    }

    /// <summary>Registers <paramref name="type"/> under <c>package&gt;name</c>.</summary>
    public static string Register(Type type, string package, string? name)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (KindOf(type) is null)
            throw new ArgumentException(
                $"Cannot register {type.FullName}: only layers, models, initializers, learning rate schedules, optimizers, losses, metrics, regularizers and constraints are saved in Keras files.", nameof(type));
        if (type.IsAbstract) throw new ArgumentException($"Cannot register {type.FullName}: the class is abstract.", nameof(type));
        if (string.IsNullOrEmpty(package) || package.Contains('>'))
            throw new ArgumentException($"Register: package must be non-empty and cannot contain '>', received '{package}'.", nameof(package));
        var registeredName = $"{package}>{name ?? type.Name}";
        lock (Gate)
        {
            if (Registered.TryGetValue(registeredName, out var existing) && existing != type)
                throw new ArgumentException($"The name '{registeredName}' is already registered for {existing.FullName}; pick another package or name for {type.FullName}.");
            Registered[registeredName] = type;
            NamesOfRegistered[type] = registeredName;
        }
        return registeredName;
    }

    /// <summary>The registered name of <paramref name="type"/> (by registration or attribute), or null.</summary>
    public static string? RegisteredName(Type type)
    {
        lock (Gate)
            if (NamesOfRegistered.TryGetValue(type, out var name)) return name;
        return type.GetCustomAttribute<KerasSerializableAttribute>(inherit: false) is { } a ? $"{a.Package}>{a.Name ?? type.Name}" : null;
    }

    /// <summary>The custom class registered as <paramref name="registeredName"/>, or null.</summary>
    public static Type? FindRegistered(string registeredName)
    {
        lock (Gate)
        {
            if (Registered.TryGetValue(registeredName, out var type)) return type;
            var assemblies = AppDomain.CurrentDomain.GetAssemblies();
            if (attributed is null || attributedAssemblyCount != assemblies.Length)
            {
                attributed = ScanAttributes(assemblies);
                attributedAssemblyCount = assemblies.Length;
            }
            return attributed.GetValueOrDefault(registeredName);
        }
    }

    static Dictionary<string, Type> ScanAttributes(Assembly[] assemblies)
    {
        var found = new Dictionary<string, Type>();
        foreach (var assembly in assemblies.Where(a => !a.IsDynamic))
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t is not null).ToArray()!;
            }
            foreach (var type in types)
                if (type.GetCustomAttribute<KerasSerializableAttribute>(inherit: false) is { } a)
                    found.TryAdd($"{a.Package}>{a.Name ?? type.Name}", type);
        }
        return found;
    }

    /// <summary>The library's own class of <paramref name="kind"/> that Keras calls <paramref name="className"/>, or null.</summary>
    public static Type? FindBuiltIn(Type kind, string className)
    {
        lock (Gate)
        {
            builtIns ??= BuiltIns();
            return builtIns.GetValueOrDefault((kind, className));
        }
    }

    /// <summary>Keras class names of the library's own classes of <paramref name="kind"/> (for error messages).</summary>
    public static IEnumerable<string> BuiltInNames(Type kind)
    {
        lock (Gate)
        {
            builtIns ??= BuiltIns();
            return builtIns.Keys.Where(k => k.Kind == kind).Select(k => k.ClassName).Order(StringComparer.Ordinal).ToList();
        }
    }

    static Dictionary<(Type, string), Type> BuiltIns()
    {
        var map = new Dictionary<(Type, string), Type>();
        foreach (var type in typeof(Layer).Assembly.GetExportedTypes())
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition || KindOf(type) is not { } kind) continue;
            map.TryAdd((kind, type.Name), type);
            // Keras's regularizer and constraint modules also take the snake_case class names ("l2", "max_norm").
            if (kind == typeof(Regularizer) || kind == typeof(Constraint)) map.TryAdd((kind, Backend.Naming.ToSnakeCase(type.Name)), type);
        }
        // A functional model is a Model built from tensors; Keras names its class Functional.
        map[(typeof(Layer), "Functional")] = typeof(Model);
        return map;
    }

    /// <summary>
    /// The class a serialized object names, as Keras's <c>_retrieve_class_or_fn</c>: the caller's custom objects, then
    /// registered classes, then (for Keras modules) the library's own classes. Null when none matches.
    /// </summary>
    public static Type? Find(Type kind, string className, string? registeredName, string? module, LoadContext context)
    {
        foreach (var key in new[] { registeredName, className })
            if (key is not null && context.CustomObjects.TryGetValue(key, out var custom)) return Checked(custom, kind, className, context);
        if (registeredName is not null && registeredName.Contains('>') && FindRegistered(registeredName) is { } registered)
            return Checked(registered, kind, className, context);
        if (module is null || module == "keras" || module.StartsWith("keras.", StringComparison.Ordinal))
            return FindBuiltIn(kind, className);
        return null;
    }

    static Type Checked(Type type, Type kind, string className, LoadContext context) => kind.IsAssignableFrom(type)
        ? type
        : throw new InvalidOperationException(
            $"In {context.Source}: '{className}' is registered as {type.FullName}, which is not a {Noun(kind)} ({kind.Name}).");

    /// <summary>The error for a class the file names that no registry knows.</summary>
    public static InvalidOperationException Unknown(Type kind, string className, string? registeredName, string? module, LoadContext context)
    {
        var noun = Noun(kind);
        return new InvalidOperationException(
            $"Unknown {noun} class '{className}' in {context.Source} (module '{module ?? "null"}', registered_name '{registeredName ?? "null"}'). " +
            $"The built-in {noun} classes are: {string.Join(", ", BuiltInNames(kind))}. " +
            "A custom class must be registered before loading: mark it [KerasSerializable] or call Keras.Saving.Register<T>(), or pass it in customObjects.");
    }
}
