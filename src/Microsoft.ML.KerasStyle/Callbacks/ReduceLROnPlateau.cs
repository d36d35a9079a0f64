using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Multiplies the optimizer's learning rate by <see cref="Factor"/> when a monitored quantity has not improved for
/// <see cref="Patience"/> epochs, as Keras's <c>ReduceLROnPlateau</c>; after a reduction it waits
/// <see cref="Cooldown"/> epochs before counting again, and never goes below <see cref="MinLr"/>. Each epoch's logs
/// get the current rate as <c>learning_rate</c>.
/// </summary>
/// <example>
/// <code>
/// var reduceLr = new ReduceLROnPlateau(monitor: "val_loss", factor: 0.2, patience: 5, minLr: 0.001);
/// model.Fit(x, y, epochs: 50, validationData: (xVal, yVal), callbacks: [reduceLr]);
/// </code>
/// </example>
public sealed class ReduceLROnPlateau : MonitorCallback
{
    int cooldownCounter;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The logged quantity to watch. Defaults to <c>val_loss</c>.</param>
    /// <param name="factor">The rate is multiplied by this (below 1): <c>new_lr = lr * factor</c>. Defaults to 0.1.</param>
    /// <param name="patience">Epochs without improvement after which the rate is reduced. Defaults to 10.</param>
    /// <param name="verbose">1 prints a line at each reduction. Defaults to 0.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c> (see <see cref="MonitorCallback.ResolveDirection"/>). Defaults to <c>auto</c>.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement (absolute value). Defaults to 1e-4.</param>
    /// <param name="cooldown">Epochs after a reduction during which no further reduction is counted. Defaults to 0.</param>
    /// <param name="minLr">The lowest learning rate. Defaults to 0.</param>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, string mode = "auto",
                             double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
        : base(monitor, mode, baseline: null, minDelta)
    {
        if (!(factor < 1.0))
            throw new ArgumentException($"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={PythonFloat.Repr(factor)}", nameof(factor));
        if (factor < 0)
            throw new ArgumentException($"ReduceLROnPlateau: factor must be between 0 and 1 (a negative learning rate makes no sense), received {factor}.", nameof(factor));
        if (patience < 0)
            throw new ArgumentException($"ReduceLROnPlateau: patience must be 0 or more epochs, received {patience}.", nameof(patience));
        if (cooldown < 0)
            throw new ArgumentException($"ReduceLROnPlateau: cooldown must be 0 or more epochs, received {cooldown}.", nameof(cooldown));
        if (!(minLr >= 0) || !double.IsFinite(minLr))
            throw new ArgumentException($"ReduceLROnPlateau: minLr must be a non-negative number, received {minLr}.", nameof(minLr));
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        Cooldown = cooldown;
        MinLr = minLr;
    }

    /// <summary>The factor the rate is multiplied by at each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement after which the rate is reduced.</summary>
    public int Patience { get; }

    /// <summary>0: silent; 1: print each reduction.</summary>
    public int Verbose { get; }

    /// <summary>Epochs after a reduction during which no further reduction is counted.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest learning rate.</summary>
    public double MinLr { get; }

    /// <summary>Epochs without improvement counted so far (Keras's <c>wait</c>).</summary>
    public int Wait { get; private set; }

    /// <summary>Whether a cooldown is running.</summary>
    public bool InCooldown => cooldownCounter > 0;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Best = null;
        cooldownCounter = 0;
        Wait = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        ResolveDirection();
        var optimizer = RequireOptimizer();
        // Logged before the monitored value is read, so the rate shows in the epoch's logs (and History) as in Keras.
        logs["learning_rate"] = optimizer.LearningRate;
        if (GetMonitorValue(logs) is not { } current) return;

        if (InCooldown)
        {
            cooldownCounter--;
            Wait = 0;
        }
        if (IsImprovement(current, Best))
        {
            Best = current;
            Wait = 0;
        }
        else if (!InCooldown)
        {
            Wait++;
            if (Wait >= Patience && Reduce(optimizer, epoch))
            {
                cooldownCounter = Cooldown;
                Wait = 0;
            }
        }
    }

    /// <inheritdoc/>
    protected override string MissingMonitorWarning(Logs logs) =>
        $"Learning rate reduction is conditioned on metric `{Monitor}` which is not available. Available metrics are: {AvailableKeys(logs)}.";

    bool Reduce(Optimizer optimizer, int epoch)
    {
        var oldLr = optimizer.LearningRate;
        // Keras compares with min_lr as float32, the dtype the rate is stored in, so a rate already at min_lr stays.
        if (!(oldLr > (float)MinLr)) return false;
        var newLr = Math.Max(oldLr * Factor, MinLr);
        optimizer.LearningRate = newLr;
        if (Verbose > 0) Print($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {FormatFloat(newLr)}.");
        return true;
    }

    Optimizer RequireOptimizer() => Model.Optimizer ?? throw new InvalidOperationException(
        $"ReduceLROnPlateau needs the model's optimizer, but model '{Model.Name}' has none. Compile the model before training it.");
}
