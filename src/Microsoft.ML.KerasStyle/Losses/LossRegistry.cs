namespace Microsoft.ML.KerasStyle.Losses;

/// <summary>Losses by Keras name (and alias).</summary>
public static class LossRegistry
{
    static readonly Dictionary<string, Func<Loss>> Factories = new()
    {
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new loss for <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static Loss Get(string name) => Factories.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"Unknown loss '{name}'. Known losses: {string.Join(", ", Factories.Keys)}.");
}
