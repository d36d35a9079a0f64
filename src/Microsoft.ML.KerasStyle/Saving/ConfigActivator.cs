using System.Reflection;
using System.Text.Json.Nodes;

namespace Microsoft.ML.KerasStyle.Saving;

/// <summary>
/// Keras's <c>cls.from_config(config)</c> for C# classes: each snake_case key goes to the constructor parameter of the
/// same name in camelCase (<c>kernel_size</c> → <c>kernelSize</c>), converted to its type; the public constructor
/// that takes the most keys wins. A key no constructor takes is fine when it only repeats a default (null, a Keras
/// default, or what the new object reports itself), or names a settable property (<c>trainable</c>); any other value
/// is an error naming the class, the option and the file — a model is never loaded with a setting silently dropped.
/// </summary>
internal static class ConfigActivator
{
    /// <summary>Keras options this library does not have, with the value that means "not used".</summary>
    static readonly Dictionary<string, JsonNode?> KerasDefaults = new()
    {
        ["ragged"] = false,
        ["sparse"] = false,
        ["optional"] = false,
        ["autocast"] = true,
        ["synchronized"] = false,
        ["renorm"] = false,
        ["rms_scaling"] = false,
        ["use_ema"] = false,
        ["ema_momentum"] = 0.99,
        ["groups"] = 1,
        // Keras 2 optimizers: learning-rate decay (0 = none) and the flag of the new optimizer classes.
        ["decay"] = 0.0,
        ["is_legacy_optimizer"] = false,
    };

    /// <summary>Older Keras names of options.</summary>
    static readonly Dictionary<string, string> Aliases = new() { ["batch_input_shape"] = "batch_shape" };

    /// <summary>Creates a <paramref name="type"/> from <paramref name="config"/>; <paramref name="what"/> names it in errors.</summary>
    public static object Create(Type type, JsonObject config, string what, LoadContext context)
    {
        var options = Normalize(type, config);
        var candidates = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Select(c => Match(c, options, context))
            .OrderByDescending(c => c.Viable)
            .ThenByDescending(c => c.Consumed.Count)
            .ThenBy(c => c.Widened)
            .ThenByDescending(c => c.Constructor.GetParameters().Length)
            .ToList();
        if (candidates.Count == 0)
            throw new InvalidOperationException($"{what} in {context.Source}: {type.FullName} has no public constructor to rebuild it from its config.");
        var best = candidates[0];
        if (!best.Viable)
            throw new InvalidOperationException($"{what} in {context.Source} cannot be rebuilt: {best.Problem}.");

        object instance;
        try
        {
            instance = best.Constructor.Invoke(best.Arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{what} in {context.Source}: its config was rejected by the {type.Name} constructor: {e.InnerException.Message}", e.InnerException);
        }

        var leftovers = options.Where(o => !best.Consumed.Contains(o.Key)).ToList();
        if (leftovers.Count > 0) ApplyLeftovers(instance, leftovers, what, context);
        return instance;
    }

    static Dictionary<string, JsonNode?> Normalize(Type type, JsonObject config)
    {
        var options = new Dictionary<string, JsonNode?>();
        foreach (var (key, value) in config)
        {
            var name = (ClassAlias(type, key) ?? Aliases.GetValueOrDefault(key)) is { } alias && !config.ContainsKey(alias) ? alias : key;
            // Keras 3 writes a dtype policy object; its name is the dtype ("float32").
            options[name] = name == "dtype" && value is JsonObject policy && policy["config"]?["name"] is { } dtype ? dtype.DeepClone() : value?.DeepClone();
        }
        return options;
    }

    // Older names of options of one class, declared on the class ([RenamedConfigKey("alpha", "negative_slope")] on LeakyReLU).
    static string? ClassAlias(Type type, string key) =>
        type.GetCustomAttributes<RenamedConfigKeyAttribute>(inherit: true).FirstOrDefault(a => a.OldKey == key)?.NewKey;

    // Widened: options given as one number that a parameter takes as an array of one. A constructor taking the number as
    // it is (LayerNormalization(int axis) beside LayerNormalization(int[] axis)) is the closer match, as the config says.
    sealed record Candidate(ConstructorInfo Constructor, object?[] Arguments, HashSet<string> Consumed, bool Viable, string? Problem, int Widened);

    static Candidate Match(ConstructorInfo constructor, Dictionary<string, JsonNode?> options, LoadContext context)
    {
        var parameters = constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        var consumed = new HashSet<string>();
        string? problem = null;
        var widened = 0;
        var byCamel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in options.Keys) byCamel.TryAdd(CamelCase(key), key);
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (byCamel.TryGetValue(parameter.Name!, out var key))
            {
                if (ConfigValues.TryConvert(options[key], parameter.ParameterType, context, out var value, out var error))
                {
                    arguments[i] = value;
                    consumed.Add(key);
                    if (options[key] is JsonValue && parameter.ParameterType.IsArray) widened++;
                    continue;
                }
                problem ??= $"option '{key}' = {options[key]?.ToJsonString() ?? "null"} does not fit parameter '{parameter.Name}': {error}";
            }
            else if (parameter.HasDefaultValue)
            {
                arguments[i] = parameter.DefaultValue is DBNull or Missing
                    ? parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null
                    : parameter.DefaultValue;
                continue;
            }
            else problem ??= $"the config has no '{SnakeCase(parameter.Name!)}', which the {constructor.DeclaringType!.Name} constructor requires";
        }
        return new Candidate(constructor, arguments, consumed, problem is null, problem, widened);
    }

    static void ApplyLeftovers(object instance, List<KeyValuePair<string, JsonNode?>> leftovers, string what, LoadContext context)
    {
        Dictionary<string, object?>? ownConfig = null;
        foreach (var (key, value) in leftovers)
        {
            // A class whose constructor takes no name gets its own (Keras always passes one; here it only labels the object).
            if (value is null || key == "name") continue;
            if (KerasDefaults.TryGetValue(key, out var keraDefault) && ConfigJson.Equivalent(value, keraDefault)) continue;
            if (SettableProperty(instance.GetType(), key) is { } property
                && ConfigValues.TryConvert(value, property.PropertyType, context, out var converted, out _))
            {
                property.SetValue(instance, converted);
                continue;
            }
            ownConfig ??= KerasObjects.ConfigOf(instance);
            if (ownConfig is not null && ownConfig.TryGetValue(key, out var own)
                && ConfigJson.Equivalent(value, ConfigJson.ToNode(own, $"{what}.{key}"))) continue;
            throw new InvalidOperationException(
                $"{what} in {context.Source}: option '{key}' = {value.ToJsonString()} is not supported here " +
                $"(the {instance.GetType().Name} constructor has no '{CamelCase(key)}' parameter, and the value is not the default). " +
                "Loading without it would change the model.");
        }
    }

    static PropertyInfo? SettableProperty(Type type, string key) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.SetMethod is { IsPublic: true } && string.Equals(p.Name, CamelCase(key), StringComparison.OrdinalIgnoreCase));

    /// <summary><c>kernel_size</c> → <c>kernelSize</c>, <c>beta_1</c> → <c>beta1</c>.</summary>
    public static string CamelCase(string snake)
    {
        var parts = snake.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return snake;
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary><c>kernelSize</c> → <c>kernel_size</c>, <c>beta1</c> → <c>beta_1</c> (the key a parameter reads).</summary>
    public static string SnakeCase(string camel)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < camel.Length; i++)
        {
            var c = camel[i];
            var startsWord = i > 0 && (char.IsUpper(c) || char.IsDigit(c) && !char.IsDigit(camel[i - 1]));
            if (startsWord) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
