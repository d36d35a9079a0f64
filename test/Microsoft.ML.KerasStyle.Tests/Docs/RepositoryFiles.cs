namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>Finds the repository's files from the test's output folder.</summary>
public static class RepositoryFiles
{
    /// <summary>The folder that holds <c>KerasStyle.ML.sln</c>, searched upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "KerasStyle.ML.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No KerasStyle.ML.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>README.md and docs/*.md, relative to <see cref="Root"/>, '/'-separated, in a stable order.</summary>
    public static IReadOnlyList<string> MarkdownDocs()
    {
        var docs = Path.Combine(Root, "docs");
        var guides = Directory.Exists(docs)
            ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return ["README.md", .. guides];
    }
}
