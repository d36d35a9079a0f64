using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// Compiles the C# blocks of the docs as a user's fresh console project would: top-level statements with the block's own
/// usings plus .NET's implicit ones, nullable on, against the assemblies this test process runs with (the library,
/// TorchSharp, Microsoft.ML, ONNX Runtime, .NET) — never the tests' or the samples' own code.
/// </summary>
public static partial class DocsCompiler
{
    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a net10.0 console project.
    const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    static readonly string[] ExcludedAssemblyPrefixes =
        ["Samples", "Microsoft.ML.KerasStyle.Tests", "MSTest", "Microsoft.VisualStudio.Test", "Microsoft.TestPlatform", "testhost", "Microsoft.Testing"];

    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Every program is added to this one compilation: derived compilations share its bound references, which makes
    // each block's compilation cheap.
    static readonly Lazy<CSharpCompilation> Base = new(() => CSharpCompilation.Create(
        "DocsBlock",
        [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "ImplicitUsings.g.cs", encoding: Encoding.UTF8)],
        LoadReferences(),
        new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)));

    /// <summary>
    /// Compiles <paramref name="chain"/> (a block and the blocks it continues, in file order) as one program; returns the
    /// errors as <c>file:line:column: error CSxxxx: message</c>, pointing into the Markdown file.
    /// </summary>
    public static IReadOnlyList<string> Compile(IReadOnlyList<MarkdownCodeBlock> chain)
    {
        var tree = Parse(chain);
        var hasStatements = HasStatements(tree);
        return Base.Value.AddSyntaxTrees(tree).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            // A block of type declarations only is a library, not a program without a Main.
            .Where(d => hasStatements || d.Id != "CS5001")
            .Select(Describe)
            .ToList();
    }

    /// <summary>True when <paramref name="chain"/> has top-level statements: a program that can run (else only declarations).</summary>
    public static bool IsProgram(IReadOnlyList<MarkdownCodeBlock> chain) => HasStatements(Parse(chain));

    /// <summary>
    /// Compiles <paramref name="chain"/> into the console program <paramref name="assemblyPath"/>, its debug information
    /// embedded so that a stack trace names the Markdown file and line; returns the errors as <see cref="Compile"/> does.
    /// </summary>
    public static IReadOnlyList<string> Emit(IReadOnlyList<MarkdownCodeBlock> chain, string assemblyPath)
    {
        var compilation = Base.Value.AddSyntaxTrees(Parse(chain)).WithAssemblyName(Path.GetFileNameWithoutExtension(assemblyPath));
        using var file = File.Create(assemblyPath);
        var result = compilation.Emit(file, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();
    }

    static SyntaxTree Parse(IReadOnlyList<MarkdownCodeBlock> chain) =>
        CSharpSyntaxTree.ParseText(ToSource(chain), ParseOptions, path: chain[^1].File + ".cs", encoding: Encoding.UTF8);

    static bool HasStatements(SyntaxTree tree) => tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();

    /// <summary>
    /// The program's text: every block's using directives first (C# wants them before any statement), then the code, each
    /// line mapped back to its Markdown file and line with <c>#line</c> so diagnostics name the doc, not a temp file.
    /// </summary>
    public static string ToSource(IReadOnlyList<MarkdownCodeBlock> chain)
    {
        var lines = chain.SelectMany(b => b.Lines.Select((text, i) => (Text: text, b.File, Line: b.FirstCodeLine + i))).ToList();
        var ordered = lines.Where(l => IsUsingDirective(l.Text)).Concat(lines.Where(l => !IsUsingDirective(l.Text)));
        var source = new StringBuilder();
        (string File, int Line)? next = null;
        foreach (var (text, file, line) in ordered)
        {
            if (next != (file, line)) source.Append("#line ").Append(line).Append(" \"").Append(file).Append("\"\n");
            source.Append(text).Append('\n');
            next = (file, line + 1);
        }
        return source.ToString();
    }

    static bool IsUsingDirective(string line) => UsingDirective().IsMatch(line);

    // `using X.Y;`, `using static X.Y;`, `using A = X.Y;` — not `using var x = …;` nor `using (…)`.
    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?[\w.]+(<[\w.,\s<>]+>)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: error {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
                       ?? throw new InvalidOperationException("The runtime lists no trusted platform assemblies."))
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(path => !ExcludedAssemblyPrefixes.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }
}
