namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// What <c>Fit</c> returns (and keeps in <c>model.History</c>): the epochs run and, per metric name, one value per
/// epoch (<c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, …), as Keras's <c>History</c>.
/// </summary>
public sealed class History : Callback
{
    /// <summary>The epochs run (0-based, as Keras records them).</summary>
    public List<int> Epoch { get; } = [];

    /// <summary>Per metric name, the value at the end of each epoch.</summary>
    public Dictionary<string, List<double>> Values { get; } = [];

    /// <summary>The values of <paramref name="metric"/>, one per epoch.</summary>
    public IReadOnlyList<double> this[string metric] => Values.TryGetValue(metric, out var v)
        ? v
        : throw new KeyNotFoundException($"History has no metric '{metric}'. Recorded: {string.Join(", ", Values.Keys)}.");

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) { }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        Epoch.Add(epoch);
        foreach (var (name, value) in logs)
        {
            if (!Values.TryGetValue(name, out var list)) Values[name] = list = [];
            list.Add(value);
        }
    }
}
