using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>Calls every callback's hook in order; <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> talk to this only.</summary>
public sealed class CallbackList : Callback
{
    readonly List<Callback> callbacks;

    /// <summary>Wraps <paramref name="callbacks"/> and attaches them to <paramref name="model"/>.</summary>
    public CallbackList(IEnumerable<Callback> callbacks, Model model, IReadOnlyDictionary<string, object?> parameters)
    {
        this.callbacks = callbacks.ToList();
        // Batch hooks run at every step; like Keras, skip them (and their copy of the logs) when no callback has them.
        callsTrainBatchBegin = this.callbacks.Any(c => Overrides(c, nameof(OnTrainBatchBegin)) || Overrides(c, nameof(OnBatchBegin)));
        callsTrainBatchEnd = this.callbacks.Any(c => Overrides(c, nameof(OnTrainBatchEnd)) || Overrides(c, nameof(OnBatchEnd)));
        callsTestBatchBegin = this.callbacks.Any(c => Overrides(c, nameof(OnTestBatchBegin)));
        callsTestBatchEnd = this.callbacks.Any(c => Overrides(c, nameof(OnTestBatchEnd)));
        callsPredictBatchBegin = this.callbacks.Any(c => Overrides(c, nameof(OnPredictBatchBegin)));
        callsPredictBatchEnd = this.callbacks.Any(c => Overrides(c, nameof(OnPredictBatchEnd)));
        SetModel(model);
        SetParams(parameters);
    }

    readonly bool callsTrainBatchBegin, callsTrainBatchEnd, callsTestBatchBegin, callsTestBatchEnd, callsPredictBatchBegin, callsPredictBatchEnd;

    static bool Overrides(Callback callback, string hook) =>
        callback.GetType().GetMethod(hook, [typeof(int), typeof(Logs)])?.DeclaringType != typeof(Callback);

    /// <summary>The callbacks, in call order.</summary>
    public IReadOnlyList<Callback> Callbacks => callbacks;

    /// <inheritdoc/>
    public override void SetModel(Model model)
    {
        base.SetModel(model);
        foreach (var c in callbacks) c.SetModel(model);
    }

    /// <inheritdoc/>
    public override void SetParams(IReadOnlyDictionary<string, object?> parameters)
    {
        base.SetParams(parameters);
        foreach (var c in callbacks) c.SetParams(parameters);
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => Each(logs, (c, l) => c.OnTrainBegin(l));

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => Each(logs, (c, l) => c.OnTrainEnd(l));

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => Each(logs, (c, l) => c.OnEpochBegin(epoch, l));

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => Each(logs, (c, l) => c.OnEpochEnd(epoch, l));

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs)
    {
        if (callsTrainBatchBegin) Each(logs, (c, l) => c.OnTrainBatchBegin(batch, l));
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (callsTrainBatchEnd) Each(logs, (c, l) => c.OnTrainBatchEnd(batch, l));
    }

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs) => Each(logs, (c, l) => c.OnTestBegin(l));

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs) => Each(logs, (c, l) => c.OnTestEnd(l));

    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch, Logs logs)
    {
        if (callsTestBatchBegin) Each(logs, (c, l) => c.OnTestBatchBegin(batch, l));
    }

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, Logs logs)
    {
        if (callsTestBatchEnd) Each(logs, (c, l) => c.OnTestBatchEnd(batch, l));
    }

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs) => Each(logs, (c, l) => c.OnPredictBegin(l));

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => Each(logs, (c, l) => c.OnPredictEnd(l));

    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch, Logs logs)
    {
        if (callsPredictBatchBegin) Each(logs, (c, l) => c.OnPredictBatchBegin(batch, l));
    }

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, Logs logs)
    {
        if (callsPredictBatchEnd) Each(logs, (c, l) => c.OnPredictBatchEnd(batch, l));
    }

    // Keras hands callbacks the logs sorted by name (pythonify_logs); one copy per hook, so a callback that adds to
    // the logs (ReduceLROnPlateau's learning_rate) is seen by the ones after it (History). The caller's logs get the additions too.
    void Each(Logs logs, Action<Callback, Logs> hook)
    {
        var sorted = new Logs(logs.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        foreach (var c in callbacks) hook(c, sorted);
        foreach (var (key, value) in sorted) logs[key] = value;
    }
}
