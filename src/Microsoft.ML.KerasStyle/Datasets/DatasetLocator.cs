namespace Microsoft.ML.KerasStyle.Datasets;

/// <summary>
/// Finds the MNIST and Fashion-MNIST files in the places Keras users keep them, in order, and records every place
/// looked so that a miss can say exactly where the data was expected. Nothing is ever downloaded.
/// </summary>
/// <remarks>
/// Keras caches <c>mnist.npz</c> in <c>$KERAS_HOME/datasets</c> (else <c>~/.keras/datasets</c>, else
/// <c>/tmp/.keras/datasets</c> when the home is read-only) and Fashion-MNIST's four IDX files in the
/// <c>fashion-mnist</c> folder beside it; Debian's <c>dataset-fashion-mnist</c> package installs the same four files in
/// <c>/usr/share/datasets/fashion-mnist</c>. The locator is a value so that tests can point it at their own folders.
/// </remarks>
/// <param name="kerasDatasetDirectories">Keras's <c>datasets</c> cache folders, searched in order.</param>
/// <param name="systemFashionMnistDirectories">Folders of system packages holding Fashion-MNIST's IDX files.</param>
internal sealed class DatasetLocator(IReadOnlyList<string> kerasDatasetDirectories, IReadOnlyList<string> systemFashionMnistDirectories)
{
    /// <summary>The IDX files of MNIST and Fashion-MNIST (same names for both), without <c>.gz</c>, in load order.</summary>
    public static readonly string[] IdxFileStems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package puts the files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Keras's file name for MNIST.</summary>
    public const string MnistNpz = "mnist.npz";

    /// <summary>Keras's cache folder for Fashion-MNIST, under each <c>datasets</c> folder.</summary>
    public const string FashionMnistFolder = "fashion-mnist";

    /// <summary>MNIST's IDX files, when kept unpacked beside <c>mnist.npz</c> (not Keras's layout, but a common one).</summary>
    public const string MnistFolder = "mnist";

    public IReadOnlyList<string> KerasDatasetDirectories { get; } = kerasDatasetDirectories;

    public IReadOnlyList<string> SystemFashionMnistDirectories { get; } = systemFashionMnistDirectories;

    /// <summary>
    /// The places of this process's environment: <c>$KERAS_HOME/datasets</c> (when set), <c>~/.keras/datasets</c>,
    /// <c>/tmp/.keras/datasets</c>; and Debian's Fashion-MNIST folder. Read anew each call, so a changed
    /// <c>KERAS_HOME</c> counts.
    /// </summary>
    public static DatasetLocator FromEnvironment()
    {
        var directories = new List<string>();
        var kerasHome = Environment.GetEnvironmentVariable("KERAS_HOME");
        if (!string.IsNullOrWhiteSpace(kerasHome)) directories.Add(Path.Combine(Path.GetFullPath(kerasHome), "datasets"));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home)) directories.Add(Path.Combine(home, ".keras", "datasets"));
        // Keras's own fallback when the home folder is read-only is /tmp/.keras, literally (not $TMPDIR).
        directories.Add(Path.Combine(OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp", ".keras", "datasets"));
        return new DatasetLocator(directories.Distinct().ToList(), [DebianFashionMnistDirectory]);
    }

    /// <summary>
    /// MNIST: with <paramref name="path"/>, only there (a <c>.npz</c> file, or a folder with <c>mnist.npz</c> or the four
    /// IDX files; a relative path not found as given is also tried under each Keras folder, as Keras's
    /// <c>path="mnist.npz"</c> is); without it, <c>mnist.npz</c> then <c>mnist/</c> IDX files in each Keras folder.
    /// </summary>
    public DatasetFiles? FindMnist(string? path, List<string> looked)
    {
        if (path is not null) return FindExplicit(path, looked, findNpzInFolder: true);
        foreach (var directory in KerasDatasetDirectories)
        {
            if (TryNpz(Path.Combine(directory, MnistNpz), looked) is { } npz) return npz;
            if (TryIdx(Path.Combine(directory, MnistFolder), looked) is { } idx) return idx;
        }
        return null;
    }

    /// <summary>
    /// Fashion-MNIST: with <paramref name="path"/>, only there (a folder with the four IDX files, or a <c>.npz</c> with
    /// Keras's array names); without it, <c>fashion-mnist/</c> in each Keras folder, then the system folders.
    /// </summary>
    public DatasetFiles? FindFashionMnist(string? path, List<string> looked)
    {
        if (path is not null) return FindExplicit(path, looked, findNpzInFolder: false);
        foreach (var directory in KerasDatasetDirectories)
            if (TryIdx(Path.Combine(directory, FashionMnistFolder), looked) is { } idx) return idx;
        foreach (var directory in SystemFashionMnistDirectories)
            if (TryIdx(directory, looked) is { } idx) return idx;
        return null;
    }

    /// <summary>A file or folder the caller named; the defaults are not searched then, so the data used is the data asked for.</summary>
    DatasetFiles? FindExplicit(string path, List<string> looked, bool findNpzInFolder)
    {
        path = ExpandHome(path);
        var candidates = new List<string> { Path.GetFullPath(path) };
        if (!Path.IsPathRooted(path)) candidates.AddRange(KerasDatasetDirectories.Select(d => Path.Combine(d, path)));
        foreach (var candidate in candidates.Distinct())
        {
            if (File.Exists(candidate))
            {
                // One of the IDX files stands for its folder; any other file is taken as a .npz archive.
                var fileName = Path.GetFileName(candidate);
                if (IdxFileStems.Any(stem => fileName == stem || fileName == stem + ".gz"))
                    return TryIdx(Path.GetDirectoryName(candidate)!, looked);
                return new DatasetFiles(DatasetFormat.Npz, candidate, [candidate]);
            }
            if (Directory.Exists(candidate))
            {
                if (findNpzInFolder && TryNpz(Path.Combine(candidate, MnistNpz), looked) is { } npz) return npz;
                if (TryIdx(candidate, looked) is { } idx) return idx;
                continue;
            }
            looked.Add($"{candidate} (no such file or folder)");
        }
        return null;
    }

    /// <summary>A leading <c>~</c> means the home folder, as in Keras (Python's expanduser); .NET would take it literally.</summary>
    static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;

    static DatasetFiles? TryNpz(string file, List<string> looked)
    {
        if (File.Exists(file)) return new DatasetFiles(DatasetFormat.Npz, file, [file]);
        looked.Add(file);
        return null;
    }

    /// <summary>The four IDX files in <paramref name="directory"/>, each gzipped or raw.</summary>
    static DatasetFiles? TryIdx(string directory, List<string> looked)
    {
        if (!Directory.Exists(directory))
        {
            looked.Add($"{directory}{Path.DirectorySeparatorChar} (IDX files)");
            return null;
        }
        var files = IdxFileStems.Select(stem => new[] { stem + ".gz", stem }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists)).ToArray();
        if (files.All(f => f is not null)) return new DatasetFiles(DatasetFormat.Idx, directory, files!);
        var missing = IdxFileStems.Where((_, i) => files[i] is null).Select(s => s + "[.gz]");
        looked.Add($"{directory}{Path.DirectorySeparatorChar} (folder exists but lacks {string.Join(", ", missing)})");
        return null;
    }

    /// <summary>The error for data found nowhere: <paramref name="headline"/>, every place looked, then how to get the data.</summary>
    public static FileNotFoundException NotFound(string headline, IEnumerable<string> looked, string howToGet, string fileName) =>
        new($"{headline} (nothing is downloaded). Looked in:{Environment.NewLine}" +
            string.Join(Environment.NewLine, looked.Select(l => "  - " + l)) + Environment.NewLine + howToGet, fileName);
}
