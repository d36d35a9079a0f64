using Microsoft.ML.KerasStyle.Backend;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// The base of callbacks that watch one logged quantity and act when it improves or stops improving
/// (<see cref="EarlyStopping"/>, <see cref="ReduceLROnPlateau"/>, <c>ModelCheckpoint</c>), as Keras's
/// <c>MonitorCallback</c>: it decides whether the quantity should go down or up (<see cref="Mode"/>), and whether a new
/// value beats a reference by more than <see cref="MinDelta"/> (<see cref="IsImprovement"/>).
/// </summary>
/// <remarks>
/// Messages go to <see cref="Output"/> (standard output unless set, as Keras prints them) and warnings, such as a
/// monitored quantity missing from the logs, to <see cref="WarningOutput"/> (standard error unless set, where Python's
/// <c>warnings.warn</c> writes), one line each.
/// </remarks>
public abstract class MonitorCallback : Callback
{
    // Keras's built-in metrics by the names compile gives them (the string passed, or the class's default name) and
    // their direction: the `_direction` each Keras metric class sets ("up" = true). Metrics that wrap a Keras loss
    // function (kl_divergence, poisson) are "down", as Keras's MeanMetricWrapper decides.
    static readonly Dictionary<string, bool> BuiltInMetricMaximizes = new()
    {
        ["accuracy"] = true, ["acc"] = true, ["binary_accuracy"] = true, ["categorical_accuracy"] = true,
        ["sparse_categorical_accuracy"] = true, ["top_k_categorical_accuracy"] = true, ["sparse_top_k_categorical_accuracy"] = true,
        ["precision"] = true, ["recall"] = true, ["auc"] = true, ["precision_at_recall"] = true, ["recall_at_precision"] = true,
        ["sensitivity_at_specificity"] = true, ["specificity_at_sensitivity"] = true, ["f1_score"] = true, ["fbeta_score"] = true,
        ["pearson_correlation"] = true, ["concordance_correlation"] = true, ["cosine_similarity"] = true, ["r2_score"] = true,
        ["io_u"] = true, ["binary_io_u"] = true, ["mean_io_u"] = true, ["one_hot_io_u"] = true, ["one_hot_mean_io_u"] = true,
        ["mean_squared_error"] = false, ["mse"] = false, ["MSE"] = false, ["mean_absolute_error"] = false, ["mae"] = false,
        ["MAE"] = false, ["mean_absolute_percentage_error"] = false, ["mape"] = false, ["MAPE"] = false,
        ["mean_squared_logarithmic_error"] = false, ["msle"] = false, ["MSLE"] = false, ["root_mean_squared_error"] = false,
        ["logcosh"] = false, ["log_cosh_error"] = false, ["hinge"] = false, ["squared_hinge"] = false,
        ["categorical_hinge"] = false, ["kl_divergence"] = false, ["poisson"] = false, ["binary_crossentropy"] = false,
        ["bce"] = false, ["BCE"] = false, ["categorical_crossentropy"] = false, ["sparse_categorical_crossentropy"] = false,
    };

    TextWriter? output;
    TextWriter? warningOutput;

    /// <summary>Creates a callback that monitors <paramref name="monitor"/>.</summary>
    /// <param name="monitor">The logged quantity to watch (<c>loss</c>, <c>val_accuracy</c>, …). Defaults to <c>val_loss</c>.</param>
    /// <param name="mode">
    /// <c>min</c> (lower is better), <c>max</c> (higher is better) or <c>auto</c> (decided from the name, see
    /// <see cref="ResolveDirection"/>). Defaults to <c>auto</c>.
    /// </param>
    /// <param name="baseline">The initial <see cref="Best"/>; null means the first value seen is the best. Defaults to null.</param>
    /// <param name="minDelta">
    /// The smallest change that counts as an improvement (its absolute value is used). Defaults to 0.
    /// </param>
    protected MonitorCallback(string monitor = "val_loss", string mode = "auto", double? baseline = null, double minDelta = 0)
    {
        if (string.IsNullOrEmpty(monitor))
            throw new ArgumentException($"{GetType().Name}: monitor must name a logged quantity such as 'val_loss', received '{monitor}'.", nameof(monitor));
        // Keras warns and falls back to "auto" on an unknown mode; a typo silently changing the direction is worse, so it is an error here.
        if (mode is not ("auto" or "min" or "max"))
            throw new ArgumentException($"{GetType().Name}: mode must be 'auto', 'min' or 'max', received '{mode}'.", nameof(mode));
        if (!double.IsFinite(minDelta))
            throw new ArgumentException($"{GetType().Name}: minDelta must be a finite number, received {minDelta}.", nameof(minDelta));
        if (baseline is { } b && double.IsNaN(b))
            throw new ArgumentException($"{GetType().Name}: baseline must be a number or null, received NaN.", nameof(baseline));
        Monitor = monitor;
        Mode = mode;
        MinDelta = Math.Abs(minDelta);
        Best = baseline;
        if (mode != "auto") Maximize = mode == "max";
    }

    /// <summary>The logged quantity watched (Keras's <c>monitor</c>).</summary>
    public string Monitor { get; }

    /// <summary><c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public string Mode { get; }

    /// <summary>The smallest change that counts as an improvement (non-negative; Keras's <c>abs(min_delta)</c>).</summary>
    public double MinDelta { get; }

    /// <summary>The best value seen so far (or the baseline), null before the first one (Keras's <c>best</c>).</summary>
    public double? Best { get; protected set; }

    /// <summary>
    /// True when higher values are better, false when lower are; null while an <c>auto</c> mode is not yet resolved
    /// (Keras resolves it at the first epoch end, once the model's metrics exist — see <see cref="ResolveDirection"/>).
    /// </summary>
    public bool? Maximize { get; private set; }

    /// <summary>Where messages (verbose output) are written. Defaults to <see cref="Console.Out"/> at the time of writing (on rank 0 only in a data-parallel job).</summary>
    public TextWriter Output
    {
        get => output ?? Distribution.RankZeroConsole.Out;
        set => output = value;
    }

    /// <summary>Where warnings are written, one line each. Defaults to <see cref="Console.Error"/> at the time of writing (on rank 0 only in a data-parallel job).</summary>
    public TextWriter WarningOutput
    {
        get => warningOutput ?? Distribution.RankZeroConsole.Error;
        set => warningOutput = value;
    }

    /// <summary>
    /// Decides the direction now if it is not known yet (Keras's <c>_set_monitor_op</c>): <c>min</c>/<c>max</c> as
    /// given; in <c>auto</c> mode, the name without its <c>val_</c> prefix is minimized when it is <c>loss</c>, and
    /// otherwise follows the direction of the metric of that name (<see cref="MetricMaximizes"/>). A name whose
    /// direction cannot be told is an error asking for an explicit mode, as in Keras.
    /// </summary>
    /// <returns>True when higher values are better.</returns>
    public bool ResolveDirection()
    {
        if (Maximize is { } known) return known;
        var metricName = Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor["val_".Length..] : Monitor;
        var maximize = metricName == "loss" ? false : MetricMaximizes(metricName);
        Maximize = maximize ?? throw new InvalidOperationException(
            $"{GetType().Name} callback received monitor={Monitor}, but it cannot tell automatically whether that metric " +
            "should be maximized or minimized. Pass mode: \"max\" in order to monitor based on the highest metric value, " +
            "or mode: \"min\" in order to use the lowest value.");
        return Maximize.Value;
    }

    /// <summary>
    /// Whether <paramref name="current"/> beats <paramref name="reference"/> by more than <see cref="MinDelta"/> in the
    /// monitored direction (Keras's <c>_is_improvement</c>: <c>current - min_delta &gt; reference</c> when maximizing,
    /// <c>current + min_delta &lt; reference</c> when minimizing). Anything beats a null reference.
    /// </summary>
    /// <param name="current">The new value.</param>
    /// <param name="reference">The value to beat (usually <see cref="Best"/>), or null.</param>
    public bool IsImprovement(double current, double? reference)
    {
        if (reference is not { } previous) return true;
        return ResolveDirection() ? current - MinDelta > previous : current + MinDelta < previous;
    }

    /// <summary>
    /// The direction of the metric named <paramref name="metricName"/> (without <c>val_</c>): true when higher is
    /// better, null when unknown. As Keras, it asks the model's metric object of that name (the last one; an
    /// output-prefixed log name such as <c>dense_1_accuracy</c> also matches <c>accuracy</c>) for its direction, which is
    /// that of its Keras class (<see cref="BuiltInMetricDirection"/> of the class name: <c>BinaryAccuracy</c> up,
    /// <c>MeanSquaredError</c> down); failing that, the name itself is looked up among the names Keras gives its
    /// built-in metrics (<c>accuracy</c>, <c>acc</c>, <c>mse</c>, <c>auc</c>, …). Override it to give the direction of a
    /// custom metric.
    /// </summary>
    /// <param name="metricName">The metric's name.</param>
    protected virtual bool? MetricMaximizes(string metricName)
    {
        bool? exact = null, prefixed = null;
        // Model is null when the callback is used on its own, outside Fit.
        var metrics = (Model?.Metrics ?? []).SelectMany(m => m is Training.CompileMetrics compiled ? compiled.Metrics : [m]);
        foreach (var metric in metrics)
        {
            if (BuiltInMetricDirection(metric.GetType().Name) is not { } direction) continue;
            if (metric.Name == metricName) exact = direction;
            else if (metricName.EndsWith("_" + metric.Name, StringComparison.Ordinal)) prefixed = direction;
        }
        return exact ?? prefixed ?? BuiltInMetricDirection(metricName);
    }

    /// <summary>
    /// The direction of Keras's built-in metric named <paramref name="metricName"/> (true when higher is better), or
    /// null for a name that is not one of them.
    /// </summary>
    /// <param name="metricName">A metric name such as <c>accuracy</c> or <c>mean_squared_error</c>.</param>
    public static bool? BuiltInMetricDirection(string metricName) =>
        BuiltInMetricMaximizes.TryGetValue(metricName, out var up) ? up
        : BuiltInMetricMaximizes.TryGetValue(Naming.ToSnakeCase(metricName), out up) ? up
        : null;

    /// <summary>
    /// The monitored value in <paramref name="logs"/>, or null after writing <see cref="MissingMonitorWarning"/> to
    /// <see cref="WarningOutput"/> when it is absent.
    /// </summary>
    /// <param name="logs">The epoch's logs.</param>
    protected double? GetMonitorValue(Logs logs)
    {
        if (logs.TryGetValue(Monitor, out var value)) return value;
        Warn(MissingMonitorWarning(logs));
        return null;
    }

    /// <summary>The warning for a monitored quantity missing from <paramref name="logs"/>; each callback words it as Keras does.</summary>
    /// <param name="logs">The logs that lack it.</param>
    protected virtual string MissingMonitorWarning(Logs logs) =>
        $"{GetType().Name} is conditioned on metric `{Monitor}` which is not available. Available metrics are: {AvailableKeys(logs)}";

    /// <summary>The keys of <paramref name="logs"/> as Keras lists them in warnings (comma-separated, no spaces).</summary>
    /// <param name="logs">The logs.</param>
    protected static string AvailableKeys(Logs logs) => string.Join(",", logs.Keys);

    /// <summary>Writes <paramref name="message"/> as one line to <see cref="WarningOutput"/>.</summary>
    /// <param name="message">The warning.</param>
    protected void Warn(string message) => WarningOutput.WriteLine(message);

    /// <summary>Writes <paramref name="message"/> as one line to <see cref="Output"/> (Keras's <c>io_utils.print_msg</c>).</summary>
    /// <param name="message">The message.</param>
    protected void Print(string message) => Output.WriteLine(message);

    /// <summary>Python's text for a float (<c>0.001</c>, <c>1e-05</c>, <c>3.0</c>), as Keras writes numbers in messages.</summary>
    /// <param name="value">The number.</param>
    protected static string FormatFloat(double value) => PythonFloat.Repr(value);
}
