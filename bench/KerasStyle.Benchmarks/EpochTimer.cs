using System.Diagnostics;
using Microsoft.ML.KerasStyle.Callbacks;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Seconds from the start to the end of the last epoch: training throughput without the one-time costs around it
/// (building the pipeline's step, exporting the trained network to ONNX for scoring).
/// </summary>
internal sealed class EpochTimer : Callback
{
    readonly Stopwatch clock = new();

    public double Seconds => clock.Elapsed.TotalSeconds;

    public override void OnEpochBegin(int epoch, Logs logs) => clock.Restart();

    public override void OnEpochEnd(int epoch, Logs logs) => clock.Stop();

    /// <summary>Runs <paramref name="train"/> with a new timer and returns the epoch's seconds.</summary>
    public static double Measure(Action<EpochTimer> train)
    {
        var timer = new EpochTimer();
        train(timer);
        return timer.Seconds;
    }
}
