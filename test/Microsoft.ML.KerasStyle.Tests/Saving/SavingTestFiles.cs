using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using PureHDF;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>Temporary directories, archive and HDF5 inspection, and the Keras 3 fixtures, for the saving tests.</summary>
internal static class SavingTestFiles
{
    /// <summary>
    /// The real Keras 3 files (see their README.md): <c>shared/fixtures/keras3</c> in a folder above the test binaries
    /// (shared/ lies beside the repository), else the workplace's copy.
    /// </summary>
    public static string FixtureDirectory { get; } = FindFixtures("shared/fixtures/keras3");

    /// <summary>The files Keras users committed to public repositories (see their README.md): <c>shared/fixtures/keras-wild</c>.</summary>
    public static string WildFixtureDirectory { get; } = FindFixtures("shared/fixtures/keras-wild");

    static string FindFixtures(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return Path.Combine("/work", relative);
    }

    /// <summary>A new empty directory under the system's temporary directory.</summary>
    public static string TempDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "kerasstyle-saving-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The path of a fixture; the test is inconclusive where the fixtures are not available.</summary>
    public static string Fixture(string name)
    {
        var path = Path.Combine(FixtureDirectory, name);
        if (!File.Exists(path)) Assert.Inconclusive($"The Keras 3 fixture {path} is not available on this machine.");
        return path;
    }

    /// <summary>The path of a file of the keras-wild fixtures; the test is inconclusive where they are not available.</summary>
    public static string WildFixture(string name)
    {
        var path = Path.Combine(WildFixtureDirectory, name);
        if (!File.Exists(path)) Assert.Inconclusive($"The keras-wild fixture {path} is not available on this machine.");
        return path;
    }

    /// <summary>A tensor's values as floats.</summary>
    public static float[] Values(Tensor t) => t.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>Every weight of <paramref name="model"/> as floats, in weight order.</summary>
    public static float[][] WeightValues(Model model) => model.Weights.Select(w => w.ToArray()).ToArray();

    /// <summary>An entry of a zip archive as text.</summary>
    public static string ReadEntry(string archive, string name)
    {
        using var zip = ZipFile.OpenRead(archive);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>An entry of a zip archive as bytes.</summary>
    public static byte[] ReadEntryBytes(string archive, string name)
    {
        using var zip = ZipFile.OpenRead(archive);
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The names of a zip archive's entries, in order.</summary>
    public static string[] EntryNames(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>config.json of a .keras file.</summary>
    public static JsonObject Config(string archive) => JsonNode.Parse(ReadEntry(archive, "config.json"))!.AsObject();

    /// <summary>Writes a copy of <paramref name="archive"/> with one entry replaced (or removed when null).</summary>
    public static void RewriteEntry(string archive, string copy, string name, byte[]? content)
    {
        using var source = ZipFile.OpenRead(archive);
        using var target = ZipFile.Open(copy, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            var bytes = entry.FullName == name ? content : ReadAll(entry);
            if (bytes is null) continue;
            using var stream = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            stream.Write(bytes);
        }
    }

    static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Every group and dataset of an HDF5 file as a line: <c>G path name=…</c> (the <c>name</c> attribute when present) or
    /// <c>D path (shape) class size</c>, sorted.
    /// </summary>
    public static List<string> Layout(byte[] h5)
    {
        using var file = H5File.Open(new MemoryStream(h5), leaveOpen: false);
        var lines = new List<string>();
        Walk(file, "", lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    static void Walk(IH5Group group, string path, List<string> lines)
    {
        foreach (var child in group.Children())
        {
            var childPath = path.Length == 0 ? child.Name : $"{path}/{child.Name}";
            if (child is IH5Group g)
            {
                var name = g.AttributeExists("name") ? $" name={g.Attribute("name").Read<string>()}" : "";
                lines.Add($"G {childPath}{name}");
                Walk(g, childPath, lines);
            }
            else if (child is IH5Dataset d)
                lines.Add($"D {childPath} ({string.Join(", ", d.Space.Dimensions)}) {d.Type.Class} {d.Type.Size}");
        }
    }

    /// <summary>A dataset of an HDF5 file as floats.</summary>
    public static float[] ReadFloats(byte[] h5, string path)
    {
        using var file = H5File.Open(new MemoryStream(h5), leaveOpen: false);
        return file.Dataset(path).Read<float[]>();
    }

    /// <summary>A scalar int64 dataset of an HDF5 file.</summary>
    public static long ReadLong(byte[] h5, string path)
    {
        using var file = H5File.Open(new MemoryStream(h5), leaveOpen: false);
        return file.Dataset(path).Read<long>();
    }

    /// <summary>Asserts two float arrays are equal within <paramref name="tolerance"/>.</summary>
    public static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, $"{what}: length");
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance, $"{what}: element {i}");
    }
}
