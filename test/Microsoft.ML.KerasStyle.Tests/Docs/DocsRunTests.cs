using System.Diagnostics;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// The docs' programs run (a snippet that is only compiled can still be wrong): every compiled C# program of README.md
/// and docs/*.md that is not marked <c>compile-only</c> and has statements runs to a zero exit code, on the small
/// stand-in datasets (see <see cref="DocsRunner"/> and docs/README.md).
/// </summary>
[TestClass]
public sealed class DocsRunTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [TestMethod]
    public void EveryRunnableProgramOfTheDocsRuns()
    {
        var start = Stopwatch.GetTimestamp();
        var root = Directory.CreateTempSubdirectory("kerasstyle-docs-run-").FullName;
        var runner = new DocsRunner(root, Timeout);
        var failures = new List<string>();
        var skipped = new List<string>();
        int ran = 0, compileOnly = 0, declarations = 0;
        var processorSeconds = 0.0;
        foreach (var file in RepositoryFiles.MarkdownDocs())
        {
            var blocks = MarkdownCodeBlock.Parse(file, File.ReadAllText(Path.Combine(RepositoryFiles.Root, file)));
            foreach (var chain in DocsCompileTests.Programs(blocks))
            {
                if (chain.Any(b => b.Has(MarkdownCodeBlock.MLNetFlag)) && !DocsCompileTests.MLNetAvailable) continue;
                if (chain.Any(b => b.Has(MarkdownCodeBlock.CompileOnlyFlag)))
                {
                    compileOnly++;
                    continue;
                }
                if (!DocsCompiler.IsProgram(chain))
                {
                    declarations++;
                    continue;
                }
                if (chain.Any(b => b.Lines.Any(l => l.Contains("PlotModel(", StringComparison.Ordinal))) && Microsoft.ML.KerasStyle.Utils.Graphviz.FindDot() is null)
                {
                    skipped.Add($"{chain[^1]} (Graphviz 'dot' is not installed)");
                    continue;
                }
                var result = runner.Run(chain);
                ran++;
                processorSeconds += result.ProcessorSeconds ?? 0;
                Console.WriteLine($"  {chain[^1]}: {result.Seconds:F1} s, processor {result.ProcessorSeconds:F1} s{(result.Failure is null ? "" : " FAILED")}");
                if (result.Failure is not null) failures.Add($"The program at {chain[^1]} ({string.Join(" + ", chain)}) {result.Failure}");
            }
        }
        Console.WriteLine($"{ran} programs ran in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s ({processorSeconds:F0} processor seconds); {compileOnly} compile-only, " +
                          $"{declarations} declarations only, {skipped.Count} skipped{(skipped.Count > 0 ? ": " + string.Join(", ", skipped) : "")}.");
        Assert.IsEmpty(failures, string.Join("\n\n", failures));
        Assert.IsGreaterThan(0, ran, "The docs hold no program to run.");
        Directory.Delete(root, recursive: true);
        if (skipped.Count > 0) Assert.Inconclusive($"Not run: {string.Join(", ", skipped)}.");
    }

    [TestMethod]
    public void ProgramsOfAPageShareAWorkingDirectoryAndAFailureNamesItsLine()
    {
        const string markdown = """
            ```csharp
            File.WriteAllText("note.txt", "written by the first block");
            ```

            ```csharp compile-only
            throw new InvalidOperationException("never run");
            ```

            ```csharp
            Console.WriteLine(File.ReadAllText("note.txt"));
            Console.WriteLine(Environment.GetEnvironmentVariable("KERAS_HOME") is { } home && Directory.Exists(home));
            throw new InvalidOperationException("this block is wrong");
            ```
            """;
        var root = Directory.CreateTempSubdirectory("kerasstyle-docs-run-").FullName;
        var programs = DocsCompileTests.Programs(MarkdownCodeBlock.Parse("docs/example.md", markdown));
        var runner = new DocsRunner(root, Timeout);

        var first = runner.Run(programs[0]);
        Assert.IsNull(first.Failure, first.Failure);
        Assert.IsTrue(programs[1][0].Has(MarkdownCodeBlock.CompileOnlyFlag));
        var third = runner.Run(programs[2]);

        StringAssert.StartsWith(third.Output, "written by the first block\nTrue");
        Assert.IsNotNull(third.Failure);
        StringAssert.Contains(third.Failure, "exited with 1");
        StringAssert.Contains(third.Failure, "InvalidOperationException: this block is wrong");
        StringAssert.Contains(third.Failure, "docs/example.md:line 12");
        Directory.Delete(root, recursive: true);
    }

    [TestMethod]
    public void AProgramThatRunsTooLongIsKilled()
    {
        var root = Directory.CreateTempSubdirectory("kerasstyle-docs-run-").FullName;
        var chain = DocsCompileTests.Programs(MarkdownCodeBlock.Parse("docs/slow.md", "```csharp\nConsole.WriteLine(\"started\");\nThread.Sleep(Timeout.Infinite);\n```")).Single();

        var result = new DocsRunner(root, TimeSpan.FromSeconds(3)).Run(chain);

        Assert.IsNotNull(result.Failure);
        StringAssert.StartsWith(result.Failure, "still running after 3 s (killed).");
        Directory.Delete(root, recursive: true);
    }
}
