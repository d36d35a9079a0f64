using System.Globalization;
using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Prints training progress, as Keras's <c>ProgbarLogger</c>: <c>Epoch 1/3</c> (when there is more than one epoch),
/// then a <see cref="Progbar"/> per epoch updated after each training batch and finished at the end of the epoch with
/// the epoch's logs (training and <c>val_</c> metrics). <c>Evaluate</c> and <c>Predict</c> get a bar of their own
/// (prediction shows no metrics); the validation inside <c>Fit</c> stays silent.
/// </summary>
/// <remarks>
/// The settings come from <see cref="Callback.Params"/>: <c>verbose</c> (0 silent, 1 live bar, 2 one line per epoch,
/// or <c>"auto"</c>, which Keras 3 turns into 1), <c>epochs</c> and <c>steps</c> (steps per epoch, null when unknown:
/// the first bar then counts up to <c>N/Unknown</c> and the count at its end becomes the target of the next ones).
/// Metrics are shown in the order of their names (code point order), as Keras's callback list sorts the logs, and
/// every value is shown as given: Keras 3's logs already hold running averages.
/// </remarks>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter? output;
    private readonly Func<double>? clock;
    private readonly bool? interactive;
    private Progbar? progbar;
    private int seen;
    private int? target;
    private int epochs = 1;

    // Set by OnTrainBegin: the evaluation run for validation inside Fit must not draw a bar.
    private bool calledInFit;

    /// <summary>Creates the logger; verbosity, epochs and steps come from <see cref="Callback.Params"/>.</summary>
    /// <param name="output">Where progress is written. Defaults to <see cref="Console.Out"/> at the time of each write.</param>
    /// <param name="clock">Current time in seconds (any origin), for the bars' timings. Defaults to a monotonic
    /// <see cref="System.Diagnostics.Stopwatch"/> clock.</param>
    /// <param name="interactive">True to redraw the bar in place, false to start each update on a new line. Defaults
    /// to <c>!Console.IsOutputRedirected</c>.</param>
    public ProgbarLogger(TextWriter? output = null, Func<double>? clock = null, bool? interactive = null)
    {
        this.output = output;
        this.clock = clock;
        this.interactive = interactive;
    }

    /// <summary>The verbosity in use: 0 (silent), 1 (live bar) or 2 (one line per epoch); 1 until
    /// <see cref="SetParams"/> is called.</summary>
    public int Verbose { get; private set; } = 1;

    /// <summary>
    /// Reads <c>verbose</c> (0, 1, 2 or <c>"auto"</c>), <c>epochs</c> (a positive count) and <c>steps</c> (steps per
    /// epoch, or null when unknown) from <paramref name="parameters"/>.
    /// </summary>
    public override void SetParams(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var verbose = ReadVerbose(parameters);
        var epochCount = ReadCount(parameters, "epochs", allowNull: false)!.Value;
        if (epochCount < 0)
            throw new ArgumentException($"ProgbarLogger: params[\"epochs\"] must be 0 or more; got {epochCount}.", nameof(parameters));
        var steps = ReadCount(parameters, "steps", allowNull: true);
        if (steps < 0)
            throw new ArgumentException(
                $"ProgbarLogger: params[\"steps\"] must be 0 or more, or null when unknown; got {steps}.", nameof(parameters));

        base.SetParams(parameters);
        Verbose = verbose;
        epochs = epochCount;
        target = steps;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => calledInFit = true;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        ResetProgbar();
        EnsureProgbar();
        if (Verbose != 0 && epochs > 1) Write($"Epoch {(epoch + 1).ToString(CultureInfo.InvariantCulture)}/{epochs.ToString(CultureInfo.InvariantCulture)}\n");
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => UpdateProgbar(batch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => FinalizeProgbar(logs, nameof(OnEpochEnd), nameof(OnEpochBegin));

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs)
    {
        if (calledInFit) return;
        ResetProgbar();
        EnsureProgbar();
    }

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, Logs logs)
    {
        if (!calledInFit) UpdateProgbar(batch, logs);
    }

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs)
    {
        if (!calledInFit) FinalizeProgbar(logs, nameof(OnTestEnd), nameof(OnTestBegin));
    }

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs)
    {
        ResetProgbar();
        EnsureProgbar();
    }

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, Logs logs) => UpdateProgbar(batch, null); // no predictions on the bar

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => FinalizeProgbar(logs, nameof(OnPredictEnd), nameof(OnPredictBegin));

    private void ResetProgbar()
    {
        seen = 0;
        progbar = null;
    }

    private void EnsureProgbar() =>
        // statelessMetrics: [] makes every metric stateful: the logs already hold running averages.
        progbar ??= new Progbar(target, verbose: Verbose, statelessMetrics: [], unitName: "step",
            output: output, clock: clock, interactive: interactive);

    private void UpdateProgbar(int batch, Logs? logs)
    {
        EnsureProgbar();
        seen = batch + 1; // one-based
        if (Verbose == 1) progbar!.Update(seen, Sorted(logs), finalize: false);
    }

    private void FinalizeProgbar(Logs? logs, string hook, string beginHook)
    {
        if (progbar is null)
            throw new InvalidOperationException($"ProgbarLogger.{hook} was called before {beginHook}: there is no progress bar to finish.");
        if (target is null)
        {
            // The step count was unknown: what this run counted becomes the target, of this bar and the next ones.
            target = seen;
            progbar.Target = target;
        }

        progbar.Update(target.Value, Sorted(logs), finalize: true);
    }

    private void Write(string text)
    {
        var writer = output ?? Console.Out;
        writer.Write(text);
        writer.Flush();
    }

    // Keras's CallbackList passes every callback its logs sorted by name (python_utils.pythonify_logs).
    private static List<KeyValuePair<string, double>> Sorted(Logs? logs)
    {
        var items = logs is null ? [] : logs.ToList();
        items.Sort((a, b) => CompareCodePoints(a.Key, b.Key));
        return items;
    }

    // Python compares strings by code point; ordinal UTF-16 comparison differs for characters beyond U+FFFF.
    private static int CompareCodePoints(string a, string b)
    {
        using var left = a.EnumerateRunes().GetEnumerator();
        using var right = b.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight) return hasLeft.CompareTo(hasRight);
            var cmp = left.Current.Value.CompareTo(right.Current.Value);
            if (cmp != 0) return cmp;
        }
    }

    private static int ReadVerbose(IReadOnlyDictionary<string, object?> parameters)
    {
        if (!parameters.TryGetValue("verbose", out var value))
            throw new ArgumentException("ProgbarLogger: params has no \"verbose\" (expected 0, 1, 2 or \"auto\").", nameof(parameters));
        return value switch
        {
            "auto" => 1, // Keras 3's ProgbarLogger.set_params: "auto" is 1.
            int or long or short or byte when Convert.ToInt64(value, CultureInfo.InvariantCulture) is >= 0 and <= 2 =>
                Convert.ToInt32(value, CultureInfo.InvariantCulture),
            _ => throw new ArgumentException(
                $"ProgbarLogger: params[\"verbose\"] must be 0 (silent), 1 (live bar), 2 (one line per epoch) or \"auto\"; got {Describe(value)}.",
                nameof(parameters)),
        };
    }

    private static int? ReadCount(IReadOnlyDictionary<string, object?> parameters, string key, bool allowNull)
    {
        if (!parameters.TryGetValue(key, out var value))
            throw new ArgumentException($"ProgbarLogger: params has no \"{key}\".", nameof(parameters));
        return value switch
        {
            null when allowNull => null,
            int count => count,
            long count when count is >= int.MinValue and <= int.MaxValue => (int)count,
            _ => throw new ArgumentException(
                $"ProgbarLogger: params[\"{key}\"] must be a whole number{(allowNull ? " or null" : "")}; got {Describe(value)}.",
                nameof(parameters)),
        };
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\" (string)",
        _ => $"{Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
    };
}
