namespace Microsoft.ML.KerasStyle.Regularizers;

/// <summary>Regularizers by Keras name (Keras's <c>keras.regularizers.get</c>), with Keras's defaults.</summary>
public static class RegularizerRegistry
{
    static readonly Dictionary<string, Func<Regularizer>> Factories = new()
    {
        ["l1"] = () => new L1(),
        ["l2"] = () => new L2(),
        ["l1l2"] = () => new L1L2(),
        ["l1_l2"] = () => new L1L2(0.01, 0.01), // Keras 2's keras.regularizers.l1_l2() (Keras 3's docstring promises the same)
        ["orthogonal_regularizer"] = () => new OrthogonalRegularizer(),
        ["L1"] = () => new L1(),
        ["L2"] = () => new L2(),
        ["L1L2"] = () => new L1L2(),
        ["OrthogonalRegularizer"] = () => new OrthogonalRegularizer(),
    };

    /// <summary>The names this registry knows: Keras's snake_case names and class names.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new regularizer for <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static Regularizer Get(string name) => Factories.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"Could not interpret regularizer identifier: {name}. Known regularizers: {string.Join(", ", Factories.Keys)}.");
}
