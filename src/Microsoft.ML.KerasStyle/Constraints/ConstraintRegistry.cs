namespace Microsoft.ML.KerasStyle.Constraints;

/// <summary>Constraints by Keras name (Keras's <c>keras.constraints.get</c>), with Keras's defaults.</summary>
public static class ConstraintRegistry
{
    static readonly Dictionary<string, Func<Constraint>> Factories = new()
    {
        ["max_norm"] = () => new MaxNorm(),
        ["min_max_norm"] = () => new MinMaxNorm(),
        ["non_neg"] = () => new NonNeg(),
        ["unit_norm"] = () => new UnitNorm(),
        ["MaxNorm"] = () => new MaxNorm(),
        ["MinMaxNorm"] = () => new MinMaxNorm(),
        ["NonNeg"] = () => new NonNeg(),
        ["UnitNorm"] = () => new UnitNorm(),
    };

    /// <summary>The names this registry knows: Keras's snake_case names and class names.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new constraint for <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static Constraint Get(string name) => Factories.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"Could not interpret constraint identifier: {name}. Known constraints: {string.Join(", ", Factories.Keys)}.");
}
