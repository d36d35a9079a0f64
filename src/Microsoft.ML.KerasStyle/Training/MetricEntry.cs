using System.Collections;
using Microsoft.ML.KerasStyle.Metrics;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// One item of <c>Compile</c>'s <c>metrics</c>: a metric by Keras name (kept as a name until the loss and the data
/// shapes tell which accuracy or crossentropy it means), a metric object, or a nested list of those for one output
/// (<c>[["mean_absolute_error"], ["accuracy"]]</c>).
/// </summary>
public sealed class MetricEntry : IEnumerable<MetricEntry>
{
    readonly List<MetricEntry> items = [];

    /// <summary>Creates an empty nested list (filled by a collection expression).</summary>
    public MetricEntry()
    {
    }

    MetricEntry(string? name, Metric? metric)
    {
        Name = name;
        Metric = metric;
    }

    /// <summary>The Keras name, for a metric given by name.</summary>
    public string? Name { get; }

    /// <summary>The metric object, for a metric given as an object.</summary>
    public Metric? Metric { get; }

    /// <summary>True for a nested list.</summary>
    public bool IsList => Name is null && Metric is null;

    /// <summary>The items of a nested list.</summary>
    public IReadOnlyList<MetricEntry> Items => items;

    /// <summary>Adds an item to a nested list.</summary>
    public void Add(MetricEntry entry)
    {
        if (!IsList) throw new InvalidOperationException("Only a nested metric list takes items.");
        items.Add(entry);
    }

    /// <summary>A metric by Keras name.</summary>
    public static implicit operator MetricEntry(string name) => new(name, null);

    /// <summary>A metric object.</summary>
    public static implicit operator MetricEntry(Metric metric) => new(null, metric);

    /// <inheritdoc/>
    public IEnumerator<MetricEntry> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The leaf metrics (itself, or the items of a nested list).</summary>
    internal IEnumerable<MetricEntry> Leaves() => IsList ? items.SelectMany(i => i.Leaves()) : [this];
}
