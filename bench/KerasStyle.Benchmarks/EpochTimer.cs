using System.Diagnostics;
using Microsoft.ML.KerasStyle.Callbacks;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Seconds of each epoch, from its start to its end: training throughput without the one-time costs around the epochs
/// (building the pipeline's step, exporting the trained network to ONNX for scoring).
/// </summary>
internal sealed class EpochTimer : Callback
{
    readonly Stopwatch clock = new();
    readonly List<double> epochs = [];

    /// <summary>Seconds of every epoch, in order.</summary>
    public IReadOnlyList<double> Epochs => epochs;

    /// <summary>Seconds of all epochs together.</summary>
    public double Seconds => epochs.Sum();

    public override void OnEpochBegin(int epoch, Logs logs) => clock.Restart();

    public override void OnEpochEnd(int epoch, Logs logs) => epochs.Add(clock.Elapsed.TotalSeconds);

    /// <summary>Runs <paramref name="train"/> with a new timer, the heap collected first, and returns the seconds of all its epochs.</summary>
    public static double Measure(Action<EpochTimer> train) => Timed(train).Seconds;

    /// <summary>Runs <paramref name="train"/> with a new timer, the heap collected first (no stage pays for the garbage of the one before), and returns the timer.</summary>
    public static EpochTimer Timed(Action<EpochTimer> train)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var timer = new EpochTimer();
        train(timer);
        return timer;
    }
}
