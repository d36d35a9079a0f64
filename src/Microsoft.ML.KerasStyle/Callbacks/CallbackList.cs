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
        SetModel(model);
        SetParams(parameters);
    }

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
    public override void OnTrainBegin(Logs logs) => Each(c => c.OnTrainBegin(logs));

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => Each(c => c.OnTrainEnd(logs));

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => Each(c => c.OnEpochBegin(epoch, logs));

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => Each(c => c.OnEpochEnd(epoch, logs));

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs) => Each(c => c.OnTrainBatchBegin(batch, logs));

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => Each(c => c.OnTrainBatchEnd(batch, logs));

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs) => Each(c => c.OnTestBegin(logs));

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs) => Each(c => c.OnTestEnd(logs));

    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch, Logs logs) => Each(c => c.OnTestBatchBegin(batch, logs));

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, Logs logs) => Each(c => c.OnTestBatchEnd(batch, logs));

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs) => Each(c => c.OnPredictBegin(logs));

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => Each(c => c.OnPredictEnd(logs));

    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch, Logs logs) => Each(c => c.OnPredictBatchBegin(batch, logs));

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, Logs logs) => Each(c => c.OnPredictBatchEnd(batch, logs));

    void Each(Action<Callback> hook)
    {
        foreach (var c in callbacks) hook(c);
    }
}
