namespace Microsoft.ML.KerasStyle.Initializers;

/// <summary>Initializers by Keras name.</summary>
public static class InitializerRegistry
{
    static readonly Dictionary<string, Func<Initializer>> Factories = new()
    {
        ["glorot_uniform"] = () => new GlorotUniform(),
        ["glorot_normal"] = () => new GlorotNormal(),
        ["he_normal"] = () => new HeNormal(),
        ["he_uniform"] = () => new HeUniform(),
        ["lecun_normal"] = () => new LecunNormal(),
        ["lecun_uniform"] = () => new LecunUniform(),
        ["zeros"] = () => new Zeros(),
        ["ones"] = () => new Ones(),
        ["constant"] = () => new Constant(),
        ["random_normal"] = () => new RandomNormal(),
        ["random_uniform"] = () => new RandomUniform(),
        ["uniform"] = () => new RandomUniform(),
        ["normal"] = () => new RandomNormal(),
        ["truncated_normal"] = () => new TruncatedNormal(),
        ["orthogonal"] = () => new Orthogonal(),
        ["variance_scaling"] = () => new VarianceScaling(),
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new initializer for <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static Initializer Get(string name) => Factories.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"Unknown initializer '{name}'. Known initializers: {string.Join(", ", Factories.Keys)}.");

    /// <summary>The Keras name of <paramref name="initializer"/>'s class (its snake_case class name).</summary>
    public static string NameOf(Initializer initializer) => Backend.Naming.ToSnakeCase(initializer.GetType().Name);
}
