using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Data-parallel Fit (Keras.Distribution.DataParallel) launched with <c>mpirun --oversubscribe -np N</c> for N = 1, 2
/// and 4: each process trains on 64 images per step (the global batch grows with N, as when adding machines), so the
/// ideal is N times one process's images/s; scaling efficiency = images/s ÷ (N × one process's). Each rank runs torch
/// on one thread (one rank per core, the usual MPI layout). The ranks also time the all-reduce of a gradient-sized buffer
/// and of the few values the global metrics need, which is what each step adds to the communication.
/// </summary>
internal static class DistributedScaling
{
    static readonly int[] Processes = [1, 2, 4];

    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        var mpirun = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);
        if (mpirun is null)
        {
            output.WriteLine("distributed: Open MPI's mpirun is not installed (apt-get install openmpi-bin); skipped.");
            return;
        }
        foreach (var model in new[] { "mlp", "convnet" })
        {
            var group = $"data-parallel Fit, {model}, 64 images per process per step";
            var results = new Dictionary<int, JsonElement>();
            var loadBefore = MachineLoad.LoadAverage();
            foreach (var n in Processes)
            {
                results[n] = Launch(mpirun, n, model, options.Repeat, output);
                var imagesPerSecond = results[n].GetProperty("imagesPerSecond").EnumerateArray().Select(v => v.GetDouble()).ToList();
                report.Add(group, $"{n} process(es)", "images/s", imagesPerSecond);
            }
            var one = Statistics.Median(Values(results[1], "imagesPerSecond"));
            output.WriteLine($"{group} (load average {loadBefore} → {MachineLoad.LoadAverage()}, {Environment.ProcessorCount} cores):");
            output.WriteLine("  processes  images/s  efficiency  step ms  gradient all-reduce ms  metrics all-reduce µs");
            foreach (var n in Processes)
            {
                var r = results[n];
                var rate = Statistics.Median(Values(r, "imagesPerSecond"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {n,9}  {rate,8:F0}  {rate / (n * one),10:P0}  {64.0 * n / rate * 1000,7:F2}  {r.GetProperty("gradientAllreduceMs").GetDouble(),22:F3}  {r.GetProperty("smallAllreduceUs").GetDouble(),21:F1}"));
                report.Add(group, $"{n} process(es): all-reduce of the {r.GetProperty("gradientBytes").GetInt64() / 1024.0:F0} KB of gradients", "ms", [r.GetProperty("gradientAllreduceMs").GetDouble()]);
            }
            report.Note(group, $"Load average {loadBefore} before, {MachineLoad.LoadAverage()} after, on {Environment.ProcessorCount} cores; efficiency = images/s ÷ (N × 1 process's).");
            output.WriteLine();
        }
    }

    static IReadOnlyList<double> Values(JsonElement result, string name) => result.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToList();

    static JsonElement Launch(string mpirun, int processes, string model, int epochs, TextWriter output)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--oversubscribe", "--bind-to", "none", "-np", processes.ToString(CultureInfo.InvariantCulture), host,
                                         typeof(DistributedScaling).Assembly.Location, DistributedRank.Command, model, Math.Min(epochs, 5).ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {mpirun}.");
        var error = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        process.WaitForExit();
        var result = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Contains("BENCH ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || result is null)
            throw new InvalidOperationException($"mpirun -np {processes} failed (exit {process.ExitCode}): {error.Result}{string.Join("\n", lines.TakeLast(5))}");
        output.WriteLine($"  {model}, {processes} process(es): {result[(result.IndexOf("BENCH ", StringComparison.Ordinal) + 6)..]}");
        return JsonDocument.Parse(result[(result.IndexOf("BENCH ", StringComparison.Ordinal) + 6)..]).RootElement.Clone();
    }
}
