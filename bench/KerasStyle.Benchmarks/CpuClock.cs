using System.Diagnostics;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Processor time used by the whole process (all threads, garbage collector and finalizer included) since it was
/// started: on a loaded machine it shows the work a step costs, where wall time mostly shows the other processes.
/// </summary>
internal sealed class CpuClock
{
    readonly TimeSpan start = Now();

    public static CpuClock StartNew() => new();

    public TimeSpan Elapsed => Now() - start;

    static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
