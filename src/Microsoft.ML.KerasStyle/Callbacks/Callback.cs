using Microsoft.ML.KerasStyle.Models;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Code that runs at Keras's hook points of <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>. Override the hooks you
/// need; each receives the logs (metric values so far). <see cref="Model"/> is the model being trained: a callback
/// can read or change it, and stop training with <c>Model.StopTraining = true</c>.
/// </summary>
public abstract class Callback
{
    /// <summary>The model the callback is attached to (set before the first hook).</summary>
    public Model Model { get; private set; } = null!;

    /// <summary>The run's parameters: <c>epochs</c>, <c>steps</c>, <c>verbose</c>.</summary>
    public IReadOnlyDictionary<string, object?> Params { get; private set; } = new Dictionary<string, object?>();

    /// <summary>Attaches the callback to <paramref name="model"/>.</summary>
    public virtual void SetModel(Model model) => Model = model;

    /// <summary>Receives the run's parameters.</summary>
    public virtual void SetParams(IReadOnlyDictionary<string, object?> parameters) => Params = parameters;

    /// <summary>Start of <c>Fit</c>.</summary>
    public virtual void OnTrainBegin(Logs logs) { }

    /// <summary>End of <c>Fit</c>.</summary>
    public virtual void OnTrainEnd(Logs logs) { }

    /// <summary>Start of an epoch (0-based).</summary>
    public virtual void OnEpochBegin(int epoch, Logs logs) { }

    /// <summary>End of an epoch, with the epoch's training and validation metrics.</summary>
    public virtual void OnEpochEnd(int epoch, Logs logs) { }

    /// <summary>Start of a training batch. Defaults to <see cref="OnBatchBegin"/>.</summary>
    public virtual void OnTrainBatchBegin(int batch, Logs logs) => OnBatchBegin(batch, logs);

    /// <summary>End of a training batch, with the running metrics. Defaults to <see cref="OnBatchEnd"/>.</summary>
    public virtual void OnTrainBatchEnd(int batch, Logs logs) => OnBatchEnd(batch, logs);

    /// <summary>Keras's older name for the start of a training batch.</summary>
    public virtual void OnBatchBegin(int batch, Logs logs) { }

    /// <summary>Keras's older name for the end of a training batch.</summary>
    public virtual void OnBatchEnd(int batch, Logs logs) { }

    /// <summary>Start of <c>Evaluate</c> (also of validation inside <c>Fit</c>).</summary>
    public virtual void OnTestBegin(Logs logs) { }

    /// <summary>End of <c>Evaluate</c> (also of validation inside <c>Fit</c>).</summary>
    public virtual void OnTestEnd(Logs logs) { }

    /// <summary>Start of an evaluation batch.</summary>
    public virtual void OnTestBatchBegin(int batch, Logs logs) { }

    /// <summary>End of an evaluation batch.</summary>
    public virtual void OnTestBatchEnd(int batch, Logs logs) { }

    /// <summary>Start of <c>Predict</c>.</summary>
    public virtual void OnPredictBegin(Logs logs) { }

    /// <summary>End of <c>Predict</c>.</summary>
    public virtual void OnPredictEnd(Logs logs) { }

    /// <summary>Start of a prediction batch.</summary>
    public virtual void OnPredictBatchBegin(int batch, Logs logs) { }

    /// <summary>End of a prediction batch.</summary>
    public virtual void OnPredictBatchEnd(int batch, Logs logs) { }
}
