namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// The logs passed to callbacks and returned by training steps: metric names (<c>loss</c>, <c>accuracy</c>,
/// <c>val_loss</c>, …) to values, in the order they were added.
/// </summary>
public sealed class Logs : Dictionary<string, double>
{
    /// <summary>Creates empty logs.</summary>
    public Logs()
    {
    }

    /// <summary>Copies <paramref name="values"/>.</summary>
    public Logs(IEnumerable<KeyValuePair<string, double>> values) : base(values)
    {
    }

    /// <summary>The value for <paramref name="key"/>, or null when absent.</summary>
    public double? Get(string key) => TryGetValue(key, out var v) ? v : null;

    /// <inheritdoc/>
    public override string ToString() =>
        "{" + string.Join(", ", this.Select(kv => $"'{kv.Key}': {kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")) + "}";
}
