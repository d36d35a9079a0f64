using System.Diagnostics;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>Runs Graphviz's <c>dot</c> to turn DOT text into PNG, SVG or PDF.</summary>
internal static class Graphviz
{
    static readonly string[] Formats = ["png", "svg", "pdf", "dot"];

    public static string Render(string dotText, string toFile)
    {
        var target = Path.GetFullPath(toFile);
        var format = Path.GetExtension(target).TrimStart('.').ToLowerInvariant();
        if (!Formats.Contains(format))
            throw new ArgumentException($"PlotModel: cannot write '{toFile}': the extension must be one of .{string.Join(", .", Formats)}.", nameof(toFile));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var dotFile = Path.ChangeExtension(target, ".dot");
        File.WriteAllText(dotFile, dotText);
        if (format == "dot") return dotFile;

        var dot = FindDot() ?? throw new InvalidOperationException(
            $"PlotModel needs Graphviz's 'dot' program to render '{toFile}', and it is not on PATH. Install Graphviz " +
            "(Debian/Ubuntu: sudo apt-get install -y graphviz; Fedora/RHEL: sudo dnf install graphviz; macOS: brew install graphviz; " +
            $"Windows: winget install graphviz). The DOT text was written to '{dotFile}'.");
        var start = new ProcessStartInfo(dot) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { $"-T{format}", dotFile, "-o", target }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Graphviz 'dot' failed to render '{toFile}' (exit code {process.ExitCode}): {errors.Result.Trim()}");
        return target;
    }

    /// <summary>The path of <c>dot</c> on PATH, or null.</summary>
    public static string? FindDot()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "dot.exe" } : ["dot"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}
