using System.Diagnostics;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md compiles against the library (the docs never rot). Fence info strings:
/// <c>```csharp</c> a whole program; <c>```csharp continued</c> the previous compiled block of the file goes on;
/// <c>```csharp fragment</c> not compiled; <c>```csharp mlnet</c> compiled once the library has its ML.NET integration;
/// <c>```csharp compile-only</c> compiled but not run by <see cref="DocsRunTests"/>.
/// </summary>
[TestClass]
public sealed class DocsCompileTests
{
    /// <summary>The type whose presence means the ML.NET integration has landed and <c>mlnet</c> blocks must compile.</summary>
    const string MLNetMarkerType = "Microsoft.ML.KerasStyle.MLNet.KerasTransformer";

    static readonly string[] KnownFlags =
        [MarkdownCodeBlock.FragmentFlag, MarkdownCodeBlock.ContinuedFlag, MarkdownCodeBlock.MLNetFlag, MarkdownCodeBlock.CompileOnlyFlag];

    internal static bool IsCSharp(MarkdownCodeBlock block) => block.Language is "csharp" or "cs" or "c#";

    internal static bool MLNetAvailable => typeof(Model).Assembly.GetType(MLNetMarkerType) is not null;

    [TestMethod]
    public void EveryCSharpBlockOfTheDocsCompiles()
    {
        var start = Stopwatch.GetTimestamp();
        var failures = new List<string>();
        var compiled = 0;
        foreach (var file in RepositoryFiles.MarkdownDocs())
        {
            var blocks = MarkdownCodeBlock.Parse(file, File.ReadAllText(Path.Combine(RepositoryFiles.Root, file)));
            foreach (var block in blocks.Where(IsCSharp))
                foreach (var flag in block.Flags.Where(f => !KnownFlags.Contains(f)))
                    failures.Add($"The C# block at {block} has the unknown fence flag '{flag}' (known: {string.Join(", ", KnownFlags)}; see docs/README.md).");
            foreach (var chain in Programs(blocks))
            {
                if (chain.Any(b => b.Has(MarkdownCodeBlock.MLNetFlag)) && !MLNetAvailable) continue;
                compiled++;
                var one = Stopwatch.GetTimestamp();
                var errors = DocsCompiler.Compile(chain);
                Console.WriteLine($"  {chain[^1]}: {Stopwatch.GetElapsedTime(one).TotalSeconds:F2} s");
                if (errors.Count > 0)
                    failures.Add($"The C# block at {chain[^1]} ({string.Join(" + ", chain)}) does not compile:\n  " + string.Join("\n  ", errors));
            }
        }
        Console.WriteLine($"{compiled} programs compiled in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s (ML.NET blocks {(MLNetAvailable ? "included" : "skipped: no " + MLNetMarkerType)}).");
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.IsGreaterThan(0, compiled, "The docs hold no C# block to compile.");
    }

    [TestMethod]
    public void ReadmeShowsACompiledQuickstartAndLinksEveryGuide()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));
        var blocks = MarkdownCodeBlock.Parse("README.md", readme);
        Assert.IsTrue(blocks.Any(b => b.Language == "csharp" && b.Flags.Count == 0), "README.md has no C# block that compiles on its own.");
        foreach (var guide in RepositoryFiles.MarkdownDocs().Where(f => f.StartsWith("docs/", StringComparison.Ordinal)))
            Assert.Contains($"({guide})", readme, $"README.md does not link {guide}.");
    }

    [TestMethod]
    public void RelativeLinksOfTheDocsPointAtExistingFiles()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryFiles.MarkdownDocs())
        {
            var folder = Path.GetDirectoryName(Path.Combine(RepositoryFiles.Root, file))!;
            var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.Root, file));
            for (var i = 0; i < lines.Length; i++)
                foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(lines[i], @"\]\(([^)#\s]+)(#[^)]*)?\)"))
                {
                    var target = link.Groups[1].Value;
                    if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                    if (!File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
                        broken.Add($"{file}:{i + 1}: {target}");
                }
        }
        Assert.IsEmpty(broken, "Broken links:\n" + string.Join("\n", broken));
    }

    [TestMethod]
    public void ABrokenBlockFailsWithItsFileLineAndCompilerError()
    {
        const string markdown = """
            # Title

            ```csharp
            using Microsoft.ML.KerasStyle.Layers;
            var dense = new Dense(4);
            ```

            ```csharp continued
            dense.NoSuchMember();
            ```
            """;
        var chain = Programs(MarkdownCodeBlock.Parse("docs/example.md", markdown)).Single();

        var errors = DocsCompiler.Compile(chain);

        Assert.HasCount(1, errors, string.Join("\n", errors));
        StringAssert.StartsWith(errors[0], "docs/example.md:9:7: error CS1061:");
        StringAssert.Contains(errors[0], "NoSuchMember");
    }

    [TestMethod]
    public void UsingsOfContinuedBlocksAreHoistedAndFragmentsSkipped()
    {
        const string markdown = """
            ```csharp
            using Microsoft.ML.KerasStyle.Layers;
            var dense = new Dense(4);
            ```
            ```csharp fragment
            this does not compile
            ```
            ```python
            not C# either
            ```
              ```csharp continued
              using Microsoft.ML.KerasStyle.Models;
              var model = new Sequential([dense]);
              using var scope = TorchSharp.torch.NewDisposeScope();
              ```
            """;
        var blocks = MarkdownCodeBlock.Parse("x.md", markdown);
        var chains = Programs(blocks);

        Assert.HasCount(4, blocks);
        Assert.AreEqual("python", blocks[2].Language);
        Assert.HasCount(1, chains);
        Assert.HasCount(2, chains[0]);
        Assert.AreEqual(11, chains[0][1].Line);
        Assert.AreEqual("using Microsoft.ML.KerasStyle.Models;", chains[0][1].Lines[0], "The fence's indentation is removed.");
        var source = DocsCompiler.ToSource(chains[0]);
        Assert.IsLessThan(source.IndexOf("var dense", StringComparison.Ordinal), source.IndexOf("using Microsoft.ML.KerasStyle.Models;", StringComparison.Ordinal));
        Assert.IsGreaterThan(source.IndexOf("var model", StringComparison.Ordinal), source.IndexOf("using var scope", StringComparison.Ordinal), "A using declaration is a statement: it stays in place.");
        Assert.IsEmpty(DocsCompiler.Compile(chains[0]));
    }

    /// <summary>
    /// The programs to compile: each compiled C# block with the blocks it continues, longest chains only (a chain is one
    /// program, compiled once).
    /// </summary>
    internal static List<IReadOnlyList<MarkdownCodeBlock>> Programs(IReadOnlyList<MarkdownCodeBlock> blocks)
    {
        var programs = new List<List<MarkdownCodeBlock>>();
        foreach (var block in blocks.Where(b => IsCSharp(b) && !b.Has(MarkdownCodeBlock.FragmentFlag)))
        {
            if (block.Has(MarkdownCodeBlock.ContinuedFlag))
            {
                if (programs.Count == 0)
                    throw new FormatException($"{block}: a 'continued' block needs a compiled C# block before it in the same file.");
                programs[^1].Add(block);
            }
            else programs.Add([block]);
        }
        return programs.Select(p => (IReadOnlyList<MarkdownCodeBlock>)p).ToList();
    }
}
