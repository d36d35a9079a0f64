using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.ML.KerasStyle.Tests.Docs;
using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.KerasStyle.Tests.Build;

/// <summary>
/// The NuGet package as a user meets it: <c>dotnet pack</c> the library (the build this test runs on) into a temp folder
/// under a version unique to the run, check what the package holds, then build and run a fresh console project that
/// references it by version (plus libtorch-cpu-linux-x64) through a temp nuget.config that adds that folder to the
/// machine's own sources: a tiny Fit + Predict + ExportOnnx, its exported model checked in ONNX Runtime. On Debian 12
/// the console app loads TorchSharp only thanks to the package's buildTransitive GLIBCXX fix.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    const string PackageId = "Microsoft.ML.KerasStyle";
    const string LibTorchVersion = "2.10.0";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    // y = 2·a − b + 0.5, learnt by one Dense unit; the probes' true values are 2.5, −0.5 and 1.
    const string ProgramSource = """
        using System.Globalization;
        using Microsoft.ML.KerasStyle;
        using Microsoft.ML.KerasStyle.Layers;
        using Microsoft.ML.KerasStyle.Models;
        using Microsoft.ML.KerasStyle.Optimizers;
        using TorchSharp;

        Keras.Utils.SetRandomSeed(7);
        var random = new Random(7);
        var x = new float[512, 2];
        var y = new float[512, 1];
        for (var i = 0; i < 512; i++)
        {
            x[i, 0] = random.NextSingle();
            x[i, 1] = random.NextSingle();
            y[i, 0] = 2 * x[i, 0] - x[i, 1] + 0.5f;
        }

        var model = new Sequential([Keras.Input(shape: [2], name: "features"), new Dense(1, name: "score")]);
        model.Compile(optimizer: new Adam(learningRate: 0.05), loss: "mean_squared_error");
        var history = model.Fit(x, y, epochs: 40, batchSize: 32, verbose: 0);
        var probes = new float[,] { { 1, 0 }, { 0, 1 }, { 0.5f, 0.5f } };
        var predictions = ((torch.Tensor)model.Predict(probes, verbose: 0)).data<float>().ToArray();
        model.ExportOnnx(args[0]);

        string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        Console.WriteLine($"loss {Text(history["loss"][0])} {Text(history["loss"][^1])}");
        Console.WriteLine("predictions " + string.Join(" ", predictions.Select(p => Text(p))));
        """;

    [TestMethod]
    [TestCategory("Package")]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void PackedPackageWorksInAFreshConsoleProject()
    {
        var total = Stopwatch.StartNew();
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var work = Directory.CreateTempSubdirectory("kerasstyle-package-").FullName;
        var cached = Path.Combine(GlobalPackagesFolder(), PackageId.ToLowerInvariant(), version);
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            var library = Path.Combine(RepositoryFiles.Root, "src", PackageId, PackageId + ".csproj");
            // --no-build: pack the assembly this test run was built with (and leave the repository's build untouched).
            Run(work, "pack", library, "-c", Configuration, "--no-build", "-o", feed, $"-p:PackageVersion={version}");
            var timings = $"pack {total.Elapsed.TotalSeconds:F0} s";
            AssertPackageContents(Path.Combine(feed, $"{PackageId}.{version}.nupkg"), Path.Combine(feed, $"{PackageId}.{version}.snupkg"));

            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            WriteConsoleProject(app, feed, version);
            var build = Stopwatch.StartNew();
            var buildOutput = Run(app, "build", "-c", "Release");
            if (SystemLibStdCxxLacksGlibcxx3432())
                StringAssert.Contains(buildOutput, "TorchSharpGlibcxxFix: marked GLIBCXX_3.4.32 weak in 1 libLibTorchSharp.so",
                                      "The package's buildTransitive targets did not patch the console app's copy of TorchSharp's native library.");
            timings += $", restore+build {build.Elapsed.TotalSeconds:F0} s";

            var onnxPath = Path.Combine(work, "model.onnx");
            var run = Stopwatch.StartNew();
            var output = Run(app, Path.Combine(app, "bin", "Release", "net10.0", "app.dll"), onnxPath);
            timings += $", run {run.Elapsed.TotalSeconds:F0} s";

            var losses = Numbers(output, "loss");
            var predictions = Numbers(output, "predictions");
            Assert.HasCount(2, losses, output);
            Assert.IsLessThan(losses[0] / 100, losses[1], $"Fit did not learn y = 2a − b + 0.5: {output}");
            double[] truth = [2.5, -0.5, 1.0];
            for (var i = 0; i < truth.Length; i++)
                Assert.AreEqual(truth[i], predictions[i], 0.05, $"Prediction {i}: {output}");
            AssertOnnxMatches(onnxPath, [1, 0, 0, 1, 0.5f, 0.5f], predictions);
            Console.WriteLine($"Package {version}: {timings}, total {total.Elapsed.TotalSeconds:F0} s.\n{output}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            // The version is unique to this run: drop its copy from the global packages folder so runs do not pile up.
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            var packageFolder = Path.GetDirectoryName(cached)!;
            if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any()) Directory.Delete(packageFolder);
        }
    }

    static void AssertPackageContents(string nupkg, string snupkg)
    {
        Assert.IsTrue(File.Exists(nupkg), $"dotnet pack made no {nupkg}.");
        Assert.IsTrue(File.Exists(snupkg), $"dotnet pack made no symbols package {snupkg}.");
        using (var package = ZipFile.OpenRead(nupkg))
        {
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            string[] expected =
            [
                "README.md", "LICENSE", $"lib/net10.0/{PackageId}.dll", $"lib/net10.0/{PackageId}.xml",
                $"buildTransitive/{PackageId}.targets", "buildTransitive/WeakenGlibcxxVersion.cs",
            ];
            foreach (var entry in expected)
                Assert.Contains(entry, entries, $"{Path.GetFileName(nupkg)} lacks {entry}; it holds: {string.Join(", ", entries)}");

            using var nuspecStream = package.GetEntry($"{PackageId}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.AreEqual("MIT", Element("license"));
            Assert.AreEqual("README.md", Element("readme"));
            Assert.IsFalse(string.IsNullOrWhiteSpace(Element("description")), "The package has no description.");
            var repository = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
            Assert.AreEqual("git", repository?.Attribute("type")?.Value, "The package has no git repository metadata.");
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value).ToList();
            Assert.Contains("TorchSharp", dependencies, "The package does not depend on TorchSharp.");
        }
        using var symbols = ZipFile.OpenRead(snupkg);
        Assert.IsTrue(symbols.Entries.Any(e => e.FullName == $"lib/net10.0/{PackageId}.pdb"), "The symbols package holds no pdb.");
    }

    static void WriteConsoleProject(string app, string feed, string version)
    {
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageId}" Version="{version}" />
                <PackageReference Include="libtorch-cpu-linux-x64" Version="{LibTorchVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ProgramSource);
        // Adds the local folder to the sources this machine is configured with (no <clear/>: libtorch comes from those).
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="kerasstyle-local" value="{feed}" />
              </packageSources>
              <config>
                <add key="signatureValidationMode" value="accept" />
              </config>
            </configuration>
            """);
    }

    static void AssertOnnxMatches(string onnxPath, float[] probes, IReadOnlyList<double> predictions)
    {
        using var session = new InferenceSession(onnxPath);
        Assert.AreEqual("features", session.InputNames.Single());
        using var input = OrtValue.CreateTensorValueFromMemory(probes, [probes.Length / 2, 2]);
        using var options = new RunOptions();
        using var results = session.Run(options, session.InputNames, [input], session.OutputNames);
        var scored = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.HasCount(predictions.Count, scored);
        for (var i = 0; i < scored.Length; i++)
            Assert.AreEqual(predictions[i], scored[i], 1e-5, $"ONNX Runtime vs Predict, probe {i}.");
    }

    static List<double> Numbers(string output, string label) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(label + " ", StringComparison.Ordinal)) is { } line
            ? line[(label.Length + 1)..].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList()
            : throw new AssertFailedException($"The console app printed no '{label}' line:\n{output}");

    // True on Debian 12, Ubuntu 22.04, RHEL 9…: there the package's buildTransitive targets must patch the app's copy.
    static bool SystemLibStdCxxLacksGlibcxx3432()
    {
        if (!OperatingSystem.IsLinux()) return false;
        var libstdcxx = new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64" }
            .Select(directory => Path.Combine(directory, "libstdc++.so.6"))
            .FirstOrDefault(File.Exists);
        return libstdcxx is not null && !System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx)).Contains("GLIBCXX_3.4.32\0", StringComparison.Ordinal);
    }

    static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>; returns its output, failing with it on a non-zero exit.</summary>
    static string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (arguments[0] is "pack" or "build")
        {
            // No build servers or reused nodes: they would outlive the command and hold its output pipes open.
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-nologo");
        }
        // `dotnet test` runs this process with MSBuild settings of its own; the child builds a separate project.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {arguments[0]} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} ran past {CommandTimeout.TotalMinutes} min in {directory}.");
        }
        var text = output.Result + error.Result;
        Assert.AreEqual(0, process.ExitCode, $"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{text}");
        return text;
    }
}
