using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>
/// Runs the test program <c>KerasStyle.DistributedChecks</c> (test/KerasStyle.DistributedChecks, copied beside the tests)
/// under Open MPI's <c>mpirun --oversubscribe -np N</c>, as a CI job would launch a training program, and returns what
/// every rank printed. Without Open MPI the test is inconclusive (<c>apt-get install openmpi-bin</c>).
/// </summary>
internal static class MpiJob
{
    /// <summary>The job's exit code, its ranks' standard output and error (interleaved by line as mpirun forwards them), and how long it took.</summary>
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed)
    {
        /// <summary>The lines of standard output that start with <paramref name="tag"/> and a space, without the tag.</summary>
        public List<string> Tagged(string tag) => Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(tag + " ", StringComparison.Ordinal))
            .Select(l => l[(tag.Length + 1)..]).ToList();

        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    public static string? MpiRun() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    // mpirun gives the ranks a terminal, so .NET's console may write terminal control sequences (keypad mode) first.
    static string WithoutEscapes(string text) => Regex.Replace(text, @"\x1b(\[[0-9;?]*[A-Za-z]|[=>])", "");

    /// <summary>Runs the test program <c>KerasStyle.DistributedChecks</c> on <paramref name="processes"/> ranks.</summary>
    public static Result Run(int processes, TimeSpan timeout, params string[] arguments) =>
        RunProgram("KerasStyle.DistributedChecks.dll", processes, timeout, arguments);

    /// <summary>Runs <paramref name="assembly"/> (a program built beside the tests) on <paramref name="processes"/> ranks.</summary>
    public static Result RunProgram(string assembly, int processes, TimeSpan timeout, params string[] arguments)
    {
        var mpirun = MpiRun();
        if (mpirun is null) Assert.Inconclusive("Open MPI's mpirun is not installed (apt-get install openmpi-bin).");
        var program = Path.Combine(AppContext.BaseDirectory, assembly);
        Assert.IsTrue(File.Exists(program), $"{program} is missing: the test project references its project, which should be built beside it.");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(mpirun!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--oversubscribe", "-np", processes.ToString(), dotnet, program }.Concat(arguments)) start.ArgumentList.Add(argument);
        // Open MPI refuses to run as root unless told (CI containers run as root); harmless otherwise.
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        // Containers often forbid the cross-memory attach Open MPI uses between ranks on one machine.
        start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {mpirun}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"The MPI job [{string.Join(" ", arguments)}] did not end within {timeout.TotalSeconds} s (a rank waiting forever?).\n{output.Result}\n{error.Result}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, WithoutEscapes(output.Result), WithoutEscapes(error.Result), clock.Elapsed);
    }
}
