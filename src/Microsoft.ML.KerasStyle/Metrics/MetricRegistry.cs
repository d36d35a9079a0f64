namespace Microsoft.ML.KerasStyle.Metrics;

/// <summary>Metrics by Keras name (and alias).</summary>
public static class MetricRegistry
{
    static readonly Dictionary<string, Func<Metric>> Factories = new()
    {
    };

    /// <summary>The Keras names this registry knows.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>A new metric for <paramref name="name"/>; an unknown name is an error listing the known ones.</summary>
    public static Metric Get(string name) => Factories.TryGetValue(name, out var make)
        ? make()
        : throw new ArgumentException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", Factories.Keys)}.");
}
