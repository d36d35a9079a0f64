using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.KerasStyle.Tests.Build;

/// <summary>
/// Checks build/TorchSharpGlibcxxFix.targets: on Linux systems whose libstdc++ lacks GLIBCXX_3.4.32, the build marks
/// that version requirement of the output copy of libLibTorchSharp.so weak, leaves the NuGet cache alone, and the
/// native library then loads.
/// </summary>
[TestClass]
public sealed class GlibcxxFixTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private const string TorchSharpVersion = "0.107.0";
    private const string NativeLibrary = "libLibTorchSharp.so";

    [TestMethod]
    public void TorchNativeLibraryLoads()
    {
        float sum = TorchSharp.torch.ones(2, 2).sum().item<float>();

        Assert.AreEqual(4f, sum);
    }

    [TestMethod]
    public void OutputCopyHasWeakGlibcxxRequirement()
    {
        SkipUnlessFixApplies();
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLibrary);
        Assert.IsTrue(File.Exists(path), $"Missing {path}.");

        Assert.AreEqual("WEAK", ReadVersionFlags(path), $"{Version} in {path} should be weak.");
    }

    [TestMethod]
    public void NuGetCacheCopyIsUntouched()
    {
        SkipUnlessFixApplies();
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", NativeLibrary);
        if (!File.Exists(path))
        {
            Assert.Inconclusive($"No NuGet cache copy at {path}.");
        }

        Assert.AreEqual("none", ReadVersionFlags(path), $"{Version} in the NuGet cache copy {path} should be unchanged.");
    }

    private static void SkipUnlessFixApplies()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The GLIBCXX fix applies to Linux only.");
        }

        string multiarch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        string? libstdcxx = new[] { $"/lib/{multiarch}", $"/usr/lib/{multiarch}", "/lib64", "/usr/lib64", "/lib", "/usr/lib" }
            .Select(directory => Path.Combine(directory, "libstdc++.so.6"))
            .FirstOrDefault(File.Exists);
        if (libstdcxx is null)
        {
            Assert.Inconclusive("No system libstdc++.so.6 found.");
        }

        if (System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx)).Contains(Version + "\0", StringComparison.Ordinal))
        {
            Assert.Inconclusive($"{libstdcxx} provides {Version}; nothing is patched on this system.");
        }

        if (FindOnPath("readelf") is null)
        {
            Assert.Inconclusive("readelf (binutils) is not installed.");
        }
    }

    /// <summary>The Flags column of the <see cref="Version"/> line of <c>readelf -V</c> ("none" or "WEAK").</summary>
    private static string ReadVersionFlags(string path)
    {
        var start = new ProcessStartInfo("readelf")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-V");
        start.ArgumentList.Add(path);
        start.Environment["LC_ALL"] = "C";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("readelf did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"readelf -V {path} failed: {error.Result}");

        // e.g. "  0x0140:   Name: GLIBCXX_3.4.32  Flags: WEAK  Version: 18"
        string? line = output.Split('\n').FirstOrDefault(l => l.Contains($"Name: {Version} ", StringComparison.Ordinal));
        Assert.IsNotNull(line, $"readelf -V {path} lists no {Version} requirement.");
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int flags = Array.IndexOf(words, "Flags:");
        Assert.IsTrue(flags >= 0 && flags + 1 < words.Length, $"Unexpected readelf line: {line}");
        return words[flags + 1];
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
