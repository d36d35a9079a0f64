namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// A callback made of delegates, as Keras's <c>LambdaCallback</c>: each one given runs at its hook, the others do
/// nothing. Epoch hooks receive the epoch (0-based) and the logs, batch hooks the batch index and the logs, train
/// hooks the logs.
/// </summary>
/// <example>
/// <code>
/// var printLoss = new LambdaCallback(onEpochEnd: (epoch, logs) => Console.WriteLine($"{epoch}: {logs["loss"]}"));
/// model.Fit(x, y, epochs: 5, callbacks: [printLoss]);
/// </code>
/// </example>
/// <param name="onEpochBegin">Runs at the start of every epoch. Defaults to nothing.</param>
/// <param name="onEpochEnd">Runs at the end of every epoch. Defaults to nothing.</param>
/// <param name="onBatchBegin">Runs at the start of every training batch. Defaults to nothing.</param>
/// <param name="onBatchEnd">Runs at the end of every training batch. Defaults to nothing.</param>
/// <param name="onTrainBegin">Runs at the start of training. Defaults to nothing.</param>
/// <param name="onTrainEnd">Runs at the end of training. Defaults to nothing.</param>
/// <param name="onTrainBatchBegin">
/// Keras 3's name for <paramref name="onBatchBegin"/>; when given, it replaces it at the start of training batches.
/// Defaults to nothing.
/// </param>
/// <param name="onTrainBatchEnd">
/// Keras 3's name for <paramref name="onBatchEnd"/>; when given, it replaces it at the end of training batches.
/// Defaults to nothing.
/// </param>
public sealed class LambdaCallback(
    Action<int, Logs>? onEpochBegin = null,
    Action<int, Logs>? onEpochEnd = null,
    Action<int, Logs>? onBatchBegin = null,
    Action<int, Logs>? onBatchEnd = null,
    Action<Logs>? onTrainBegin = null,
    Action<Logs>? onTrainEnd = null,
    Action<int, Logs>? onTrainBatchBegin = null,
    Action<int, Logs>? onTrainBatchEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnBatchBegin(int batch, Logs logs) => onBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs) => onBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => onTrainEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs)
    {
        // As in Keras, a delegate for the Keras 3 hook replaces the method, which would otherwise call OnBatchBegin.
        if (onTrainBatchBegin is not null) onTrainBatchBegin(batch, logs);
        else base.OnTrainBatchBegin(batch, logs);
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (onTrainBatchEnd is not null) onTrainBatchEnd(batch, logs);
        else base.OnTrainBatchEnd(batch, logs);
    }
}
