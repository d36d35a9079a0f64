using System.Collections;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// The <c>lossWeights</c> argument of <c>Compile</c>: one factor per output in order (<c>[1.0, 0.2]</c>) or by output
/// name (<c>new() { ["priority"] = 1.0, ["department"] = 0.2 }</c>). The total loss is the weighted sum.
/// </summary>
public sealed class LossWeights : IEnumerable<double>
{
    readonly List<(string? Output, double Weight)> entries = [];

    /// <summary>The weight of output <paramref name="output"/>.</summary>
    public double this[string output]
    {
        get => entries.First(e => e.Output == output).Weight;
        set => entries.Add((output, value));
    }

    /// <summary>Adds the weight of the next output.</summary>
    public void Add(double weight) => entries.Add((null, weight));

    internal IReadOnlyList<(string? Output, double Weight)> Entries => entries;

    /// <inheritdoc/>
    public IEnumerator<double> GetEnumerator() => entries.Select(e => e.Weight).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
