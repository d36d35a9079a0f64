using System.Collections;
using System.Globalization;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Microsoft.ML.KerasStyle.Training;

/// <summary>
/// What <c>Evaluate</c> returns: the loss and metrics in Keras's order, readable as a list (<c>result[0]</c> is the loss)
/// or by name (<c>result["accuracy"]</c>). It prints as Keras returns it: a list, or a dictionary when <c>returnDict</c>.
/// </summary>
public sealed class EvaluationResult : IReadOnlyList<double>
{
    readonly Logs logs;
    readonly bool asDictionary;

    internal EvaluationResult(Logs logs, bool asDictionary)
    {
        this.logs = logs;
        this.asDictionary = asDictionary;
    }

    /// <summary>The names, in order (<c>loss</c> first).</summary>
    public IReadOnlyList<string> Names => logs.Keys.ToList();

    /// <summary>The values by name.</summary>
    public Logs AsDictionary() => new(logs);

    /// <inheritdoc/>
    public double this[int index] => logs.Values.ElementAt(index);

    /// <summary>The value named <paramref name="name"/>.</summary>
    public double this[string name] => logs.TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"Evaluate reported no '{name}'. Reported: {string.Join(", ", logs.Keys)}.");

    /// <inheritdoc/>
    public int Count => logs.Count;

    /// <summary>The loss.</summary>
    public double Loss => this["loss"];

    /// <inheritdoc/>
    public IEnumerator<double> GetEnumerator() => logs.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => asDictionary
        ? logs.ToString()
        : "[" + string.Join(", ", logs.Values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
