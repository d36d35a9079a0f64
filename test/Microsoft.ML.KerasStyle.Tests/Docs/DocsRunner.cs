using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.KerasStyle.Tests.ChildProcesses;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// Runs docs programs as a reader would: each is compiled into a console program (<see cref="DocsCompiler.Emit"/>) and
/// started in a process of its own (<see cref="ChildProcess"/>: fresh static state, killed when it runs too long).
/// The programs of one Markdown file run in file order in one working directory of their own, so that a block may read
/// what an earlier block of the same page wrote (the serving example loads the zip the training example saved).
/// MNIST and Fashion-MNIST are the small <see cref="StandInDatasets"/> (through <c>KERAS_HOME</c>); libtorch runs on
/// one thread.
/// </summary>
/// <param name="root">An empty folder for the working directories, the compiled programs and the datasets.</param>
/// <param name="timeout">How long one program may run.</param>
internal sealed class DocsRunner(string root, TimeSpan timeout)
{
    readonly Lazy<string> kerasHome = new(() => StandInDatasets.Create(root));

    /// <summary>What a run gave.</summary>
    /// <param name="Failure">Null when the program compiled and exited with 0; else why not, with the end of its output.</param>
    /// <param name="Output">What the program printed.</param>
    /// <param name="Seconds">How long it took, from compiling to exiting.</param>
    /// <param name="ProcessorSeconds">The processor time the program's process used (null when it did not say).</param>
    public sealed record Result(string? Failure, string Output, double Seconds, double? ProcessorSeconds);

    /// <summary>Compiles and runs the program <paramref name="chain"/> (a block and the blocks that continue it).</summary>
    public Result Run(IReadOnlyList<MarkdownCodeBlock> chain)
    {
        var clock = Stopwatch.StartNew();
        var name = Sanitize(chain[0].File);
        var workingDirectory = Directory.CreateDirectory(Path.Combine(root, "work", name)).FullName;
        var assembly = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "programs")).FullName, $"{name}_{chain[^1].Line}.dll");
        var errors = DocsCompiler.Emit(chain, assembly);
        if (errors.Count > 0) return new($"does not compile:\n  {string.Join("\n  ", errors)}", "", clock.Elapsed.TotalSeconds, null);
        // One libtorch thread: the examples' batches are small, and on a busy machine (tests beside other jobs) threads
        // that spin waiting for a core cost several times the work.
        var environment = new Dictionary<string, string> { ["KERAS_HOME"] = kerasHome.Value, ["OMP_NUM_THREADS"] = "1" };
        using var child = ChildProcess.Start(workingDirectory, environment, DocsProgramHost.Command, assembly);
        var exit = child.WaitForExit(timeout);
        var errorLines = child.Errors.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var processor = errorLines.LastOrDefault(l => l.StartsWith(DocsProgramHost.ProcessorTimePrefix, StringComparison.Ordinal));
        var errorText = string.Join("\n", errorLines.Where(l => !ReferenceEquals(l, processor)));
        var failure = exit switch
        {
            0 => null,
            null => $"still running after {timeout.TotalSeconds:F0} s (killed).\n{Tail(child.Output)}",
            _ => $"exited with {exit}:\n{Tail(errorText)}\n{Tail(child.Output)}",
        };
        var seconds = processor is null ? (double?)null : double.Parse(processor[DocsProgramHost.ProcessorTimePrefix.Length..], CultureInfo.InvariantCulture);
        return new(failure, child.Output, clock.Elapsed.TotalSeconds, seconds);
    }

    static string Sanitize(string file) => string.Concat(file.Select(c => char.IsLetterOrDigit(c) ? c : '_'));

    static string Tail(string text, int lines = 15) => string.Join("\n", text.Split('\n').TakeLast(lines)).TrimEnd();
}
