using System.Diagnostics;

namespace KerasStyle.Benchmarks;

/// <summary>The process's resident memory, read after a full garbage collection (so finalizable tensors are gone).</summary>
internal static class Rss
{
    public static double Megabytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }
}
