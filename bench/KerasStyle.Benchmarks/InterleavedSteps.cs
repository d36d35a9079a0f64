using System.Diagnostics;
using Microsoft.ML.KerasStyle.Callbacks;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Fit and the bare loop timed step by step in turn: after each Fit step this callback runs one step of the bare loop
/// (its own model, data and shuffled order), so the two alternate every millisecond and a slow spell of the machine
/// falls on both alike. Fit's time per step is the time between two batch-end hooks less the bare step run in between:
/// its whole loop (fetching the batch, the step, its dispose scope, the callback dispatch); the bare step's is its
/// gather, step and scope. Epoch-level work (callbacks at epoch ends, History) is outside both.
/// </summary>
internal sealed class InterleavedSteps(BareTrainer bare, Tensor x, Tensor y, int batchSize) : Callback
{
    long last, bareStart;
    Tensor? order;

    /// <summary>Seconds spent in Fit's steps.</summary>
    public double FitSeconds { get; private set; }

    /// <summary>Seconds spent in the bare loop's steps.</summary>
    public double BareSeconds { get; private set; }

    public override void OnEpochBegin(int epoch, Logs logs)
    {
        order?.Dispose();
        order = randperm(x.shape[0]).DetachFromDisposeScope();
        bareStart = 0;
        last = Stopwatch.GetTimestamp();
    }

    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        var fitEnd = Stopwatch.GetTimestamp();
        FitSeconds += Stopwatch.GetElapsedTime(last, fitEnd).TotalSeconds;
        bare.StepAt(x, y, order!, bareStart, batchSize);
        bareStart += batchSize;
        last = Stopwatch.GetTimestamp();
        BareSeconds += Stopwatch.GetElapsedTime(fitEnd, last).TotalSeconds;
    }

    public override void OnTrainEnd(Logs logs) => order?.Dispose();
}
