using Microsoft.ML.KerasStyle.Optimizers;

namespace Microsoft.ML.KerasStyle.Callbacks;

/// <summary>
/// Sets the optimizer's learning rate at the start of every epoch from a function of the epoch (0-based) and the
/// current rate, as Keras's <c>LearningRateScheduler</c>; each epoch's logs get the rate as <c>learning_rate</c>.
/// </summary>
/// <example>
/// <code>
/// // Keep the rate for 10 epochs, then decay it by e^-0.1 per epoch.
/// var scheduler = new LearningRateScheduler((epoch, lr) => epoch &lt; 10 ? lr : lr * Math.Exp(-0.1));
/// model.Fit(x, y, epochs: 15, callbacks: [scheduler]);
/// </code>
/// </example>
public sealed class LearningRateScheduler : Callback
{
    readonly Func<int, double, double> schedule;
    TextWriter? output;

    /// <summary>Creates the callback from a function of the epoch and the current learning rate.</summary>
    /// <param name="schedule">Takes the epoch (0-based) and the current rate, returns the new rate.</param>
    /// <param name="verbose">1 prints the rate set at each epoch. Defaults to 0.</param>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        this.schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Verbose = verbose;
    }

    /// <summary>Creates the callback from a function of the epoch only (Keras's older schedule signature).</summary>
    /// <param name="schedule">Takes the epoch (0-based), returns the rate.</param>
    /// <param name="verbose">1 prints the rate set at each epoch. Defaults to 0.</param>
    public LearningRateScheduler(Func<int, double> schedule, int verbose = 0)
        : this(Adapt(schedule), verbose)
    {
    }

    /// <summary>0: silent; 1: print the rate set at each epoch.</summary>
    public int Verbose { get; }

    /// <summary>Where messages are written. Defaults to <see cref="Console.Out"/> at the time of writing (on rank 0 only in a data-parallel job).</summary>
    public TextWriter Output
    {
        get => output ?? Distribution.RankZeroConsole.Out;
        set => output = value;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        var optimizer = RequireOptimizer();
        var learningRate = schedule(epoch, optimizer.LearningRate);
        if (!double.IsFinite(learningRate))
            throw new InvalidOperationException($"The output of the LearningRateScheduler's schedule should be a finite number. Got: {PythonFloat.Repr(learningRate)} at epoch {epoch}.");
        optimizer.LearningRate = learningRate;
        if (Verbose > 0) Output.WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {PythonFloat.Repr(learningRate)}.");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => logs["learning_rate"] = RequireOptimizer().LearningRate;

    Optimizer RequireOptimizer() => Model.Optimizer ?? throw new InvalidOperationException(
        $"LearningRateScheduler needs the model's optimizer, but model '{Model.Name}' has none. Compile the model before training it.");

    static Func<int, double, double> Adapt(Func<int, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return (epoch, _) => schedule(epoch);
    }
}
