using System.Collections;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The <c>metrics</c> argument of <c>Compile</c>: a list applied to every output (<c>["accuracy", new RootMeanSquaredError()]</c>),
/// one list per output in order (<c>[["mae"], ["accuracy"]]</c>), or lists by output name
/// (<c>new() { ["priority"] = ["mse"], ["department"] = ["categorical_crossentropy"] }</c>).
/// </summary>
public sealed class MetricsSpec : IEnumerable<MetricEntry>
{
    readonly List<(string? Output, MetricEntry Entry)> entries = [];

    /// <summary>The metrics of output <paramref name="output"/>.</summary>
    public MetricEntry this[string output]
    {
        get => entries.First(e => e.Output == output).Entry;
        set => entries.Add((output, value));
    }

    /// <summary>Adds a metric, or the next output's nested list.</summary>
    public void Add(MetricEntry entry) => entries.Add((null, entry));

    internal IReadOnlyList<(string? Output, MetricEntry Entry)> Entries => entries;

    /// <inheritdoc/>
    public IEnumerator<MetricEntry> GetEnumerator() => entries.Select(e => e.Entry).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
