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

    /// <summary>Linux's high-water mark of the resident set (VmHWM in /proc/self/status), in MiB; -1 elsewhere.</summary>
    public static double PeakMegabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
