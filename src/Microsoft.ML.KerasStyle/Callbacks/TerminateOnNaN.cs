namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Stops training as soon as a training batch's <c>loss</c> is NaN or infinite, as Keras's <c>TerminateOnNaN</c>:
/// it prints <c>Batch N: Invalid loss, terminating training</c> and sets <c>Model.StopTraining</c> (training ends after
/// that batch), or, with <see cref="RaiseError"/>, throws at once.
/// </summary>
/// <remarks>
/// As in Keras, the batch whose loss was NaN has already updated the weights, so they are NaN when training stops, and
/// <c>Model.Fit</c> returns normally (a NaN loss is not an error in Keras). The epoch still ends, so callbacks such as
/// <see cref="ModelCheckpoint"/> run on those weights: unlike Keras's, ours never saves non-finite weights, so the last
/// good checkpoint survives. The ML.NET trainers go further and fail <c>Fit</c> rather than return a model with NaN
/// weights.
/// </remarks>
/// <example>
/// <code>
/// model.Fit(x, y, epochs: 10, callbacks: [new TerminateOnNaN()]);
/// </code>
/// </example>
public sealed class TerminateOnNaN : Callback
{
    TextWriter? output;

    /// <summary>Creates the callback.</summary>
    /// <param name="raiseError">
    /// Throw an <see cref="InvalidOperationException"/> instead of stopping training gracefully. Defaults to false.
    /// </param>
    public TerminateOnNaN(bool raiseError = false) => RaiseError = raiseError;

    /// <summary>Whether an invalid loss throws instead of stopping training.</summary>
    public bool RaiseError { get; }

    /// <summary>Where the message is written. Defaults to <see cref="Console.Out"/> at the time of writing (on rank 0 only in a data-parallel job).</summary>
    public TextWriter Output
    {
        get => output ?? Distribution.RankZeroConsole.Out;
        set => output = value;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs)
    {
        if (logs.Get("loss") is not { } loss || double.IsFinite(loss)) return;
        if (RaiseError)
            throw new InvalidOperationException(
                $"NaN or Inf loss encountered at batch {batch}. Loss value: {PythonFloat.Repr(loss)}. Terminating training immediately.");
        Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        Model.StopTraining = true;
    }
}
