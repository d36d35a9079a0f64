using System.Reflection;

namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Marks a static method returning a <see cref="LayerCase"/>: the contract tests run it under the method's name.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LayerCaseAttribute : Attribute
{
}

/// <summary>Every <see cref="LayerCaseAttribute"/> method of the test assembly, by name.</summary>
internal static class LayerCases
{
    static readonly Lazy<IReadOnlyDictionary<string, MethodInfo>> Methods = new(Find);

    /// <summary>The case names, sorted.</summary>
    public static IEnumerable<string> Names => Methods.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>The case declared by the method named <paramref name="name"/>.</summary>
    public static LayerCase Get(string name)
    {
        var declared = (LayerCase)Methods.Value[name].Invoke(null, null)!;
        declared.Name = name;
        return declared;
    }

    static IReadOnlyDictionary<string, MethodInfo> Find()
    {
        var methods = typeof(LayerCases).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<LayerCaseAttribute>() is not null)
            .ToList();
        var wrong = methods.Where(m => m.ReturnType != typeof(LayerCase) || m.GetParameters().Length > 0).Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        if (wrong.Count > 0) throw new InvalidOperationException($"[LayerCase] methods must take nothing and return a LayerCase: {string.Join(", ", wrong)}");
        var duplicates = methods.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidOperationException($"Two [LayerCase] methods share a name: {string.Join(", ", duplicates)}");
        return methods.ToDictionary(m => m.Name);
    }
}
