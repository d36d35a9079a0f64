using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving, as Keras's <c>EarlyStopping</c>: at each epoch end
/// the value is compared with the best so far; after <see cref="Patience"/> epochs without an improvement larger than
/// <see cref="MonitorCallback.MinDelta"/> it sets <c>Model.StopTraining</c>. With <see cref="RestoreBestWeights"/> the
/// weights of the best epoch are put back when training ends (whether or not it stopped early).
/// </summary>
/// <example>
/// <code>
/// // Stop when the validation loss has not improved for 3 epochs, keeping the best weights.
/// var stop = new EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true);
/// model.Fit(x, y, epochs: 100, validationData: (xVal, yVal), callbacks: [stop]);
/// </code>
/// </example>
public sealed class EarlyStopping : MonitorCallback
{
    IReadOnlyList<Tensor>? bestWeights;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged quantity to watch. Defaults to <c>val_loss</c>.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (absolute value). Defaults to 0.</param>
    /// <param name="patience">Epochs without improvement after which training stops. Defaults to 0.</param>
    /// <param name="verbose">1 prints a line when the callback stops training or restores weights. Defaults to 0.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c> (see <see cref="MonitorCallback.ResolveDirection"/>). Defaults to <c>auto</c>.</param>
    /// <param name="baseline">
    /// A value the quantity must beat: until an epoch improves on it, the patience count is not reset, so training
    /// stops after <paramref name="patience"/> epochs that all fail to reach it. Defaults to null (no baseline).
    /// </param>
    /// <param name="restoreBestWeights">
    /// Put back the weights of the epoch with the best value when training ends (even an epoch that did not beat
    /// <paramref name="baseline"/>); otherwise the last epoch's weights stay. Defaults to false.
    /// </param>
    /// <param name="startFromEpoch">Epochs of warm-up that are not monitored. Defaults to 0.</param>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0, string mode = "auto",
                         double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
        : base(monitor, mode, baseline: null, minDelta)
    {
        if (patience < 0)
            throw new ArgumentException($"EarlyStopping: patience must be 0 or more epochs, received {patience}.", nameof(patience));
        if (startFromEpoch < 0)
            throw new ArgumentException($"EarlyStopping: startFromEpoch must be 0 or more, received {startFromEpoch}.", nameof(startFromEpoch));
        if (baseline is { } b && double.IsNaN(b))
            throw new ArgumentException("EarlyStopping: baseline must be a number or null, received NaN.", nameof(baseline));
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>Epochs without improvement after which training stops.</summary>
    public int Patience { get; }

    /// <summary>0: silent; 1: print when stopping or restoring.</summary>
    public int Verbose { get; }

    /// <summary>The value the quantity must beat to reset the patience count, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best epoch's weights are put back at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs of warm-up that are not monitored.</summary>
    public int StartFromEpoch { get; }

    /// <summary>Epochs since the last improvement that beat the baseline (Keras's <c>wait</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>The 0-based epoch at which training was stopped, 0 when it was not (Keras's <c>stopped_epoch</c>).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The 0-based epoch with the best value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>
    /// Copies of the weights of <see cref="BestEpoch"/> when <see cref="RestoreBestWeights"/> is set, else null. The
    /// callback owns them (they are disposed when replaced or at the next training start).
    /// </summary>
    public IReadOnlyList<Tensor>? BestWeights => bestWeights;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        // A fresh run: the same instance may be given to several Fit calls.
        Wait = 0;
        StoppedEpoch = 0;
        Best = null;
        ReplaceBestWeights(null);
        BestEpoch = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        // Resolved here rather than in the constructor: in auto mode the direction comes from the compiled metrics.
        ResolveDirection();
        var current = GetMonitorValue(logs);
        if (current is not { } value || epoch < StartFromEpoch) return;

        if (RestoreBestWeights && bestWeights is null)
        {
            // Nothing kept yet, so this epoch's weights are the best there are.
            ReplaceBestWeights(Model.GetWeights());
            BestEpoch = epoch;
        }

        Wait++;
        if (IsImprovement(value, Best))
        {
            Best = value;
            BestEpoch = epoch;
            if (RestoreBestWeights) ReplaceBestWeights(Model.GetWeights());
            // Only an epoch that also beats the baseline restarts the patience count.
            if (Baseline is null || IsImprovement(value, Baseline)) Wait = 0;
            return;
        }

        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (StoppedEpoch > 0 && Verbose > 0) Print($"Epoch {StoppedEpoch + 1}: early stopping");
        if (RestoreBestWeights && bestWeights is not null)
        {
            if (Verbose > 0) Print($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            Model.SetWeights(bestWeights);
        }
    }

    /// <inheritdoc/>
    protected override string MissingMonitorWarning(Logs logs) =>
        $"Early stopping conditioned on metric `{Monitor}` which is not available. Available metrics are: {AvailableKeys(logs)}";

    void ReplaceBestWeights(IReadOnlyList<Tensor>? weights)
    {
        if (bestWeights is not null)
            foreach (var tensor in bestWeights) tensor.Dispose();
        bestWeights = weights;
    }
}
