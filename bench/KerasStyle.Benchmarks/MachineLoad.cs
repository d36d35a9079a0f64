namespace KerasStyle.Benchmarks;

/// <summary>How busy the machine is, to print next to timings taken on a shared machine.</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average (Linux), or "unknown".</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
