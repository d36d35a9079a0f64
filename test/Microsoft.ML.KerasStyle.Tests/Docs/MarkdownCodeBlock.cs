namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>One fenced code block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root (as diagnostics name it).</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Language">The first word of the fence's info string (<c>csharp</c>, <c>python</c>, <c>bash</c>…).</param>
/// <param name="Flags">The other words of the info string (<c>fragment</c>, <c>continued</c>, <c>mlnet</c>, <c>compile-only</c>).</param>
/// <param name="Lines">The block's lines, with the fence's own indentation removed.</param>
public sealed record MarkdownCodeBlock(string File, int Line, string Language, IReadOnlyList<string> Flags, IReadOnlyList<string> Lines)
{
    /// <summary>Not compiled: a piece that cannot stand alone (fence <c>```csharp fragment</c>).</summary>
    public const string FragmentFlag = "fragment";

    /// <summary>Compiled after the previous compiled block of the same file, as one program (fence <c>```csharp continued</c>).</summary>
    public const string ContinuedFlag = "continued";

    /// <summary>Uses the ML.NET integration: compiled once the library has it (fence <c>```csharp mlnet</c>).</summary>
    public const string MLNetFlag = "mlnet";

    /// <summary>Compiled but not run: the program needs what the docs test cannot give it, e.g. the reader's own data file (fence <c>```csharp compile-only</c>).</summary>
    public const string CompileOnlyFlag = "compile-only";

    /// <summary>The 1-based file line of the block's first code line.</summary>
    public int FirstCodeLine => Line + 1;

    /// <summary>True when the block carries <paramref name="flag"/>.</summary>
    public bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);

    /// <summary>Where the block is, for messages: <c>docs/onnx.md:42</c>.</summary>
    public override string ToString() => $"{File}:{Line}";

    /// <summary>The fenced blocks of <paramref name="markdown"/> (backtick fences; the closing fence as long or longer).</summary>
    public static IReadOnlyList<MarkdownCodeBlock> Parse(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<MarkdownCodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - trimmed.Length;
            var fence = trimmed.Length - trimmed.TrimStart('`').Length;
            var info = trimmed[fence..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var body = new List<string>();
            var close = i + 1;
            for (; close < lines.Length; close++)
            {
                var candidate = lines[close].Trim();
                if (candidate.Length >= fence && candidate.All(c => c == '`')) break;
                body.Add(Unindent(lines[close], indent));
            }
            if (close == lines.Length)
                throw new FormatException($"{file}:{i + 1}: the code block opened here is never closed.");
            blocks.Add(new(file, i + 1, info.Length > 0 ? info[0] : "", info.Skip(1).ToList(), body));
            i = close;
        }
        return blocks;
    }

    // Lines of an indented fence (inside a list item) lose up to the fence's indentation.
    static string Unindent(string line, int indent)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return line[Math.Min(indent, spaces)..];
    }
}
