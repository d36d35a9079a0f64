namespace KerasStyle.Benchmarks;

/// <summary>The command line's options, shared by every benchmark.</summary>
/// <param name="BatchSizes">Batch sizes of the training-speed rows (<c>--batch 32,128</c>).</param>
/// <param name="Repeat">Timed repetitions of each way (<c>--repeat N</c>).</param>
/// <param name="Epochs">Epochs of the Fit memory check (<c>--epochs N</c>).</param>
/// <param name="Steps">Steps of the custom-loop memory check (<c>--steps N</c>).</param>
/// <param name="JsonPath">Where to write the JSON report (<c>--json path</c>), or null.</param>
/// <param name="Threads">Torch's intra-op threads for every way (<c>--threads N</c>), or null for torch's default.</param>
/// <param name="Only">Runs only the rows whose names contain this text (<c>--only text</c>; mlnet-profile), or null for all.</param>
internal sealed record BenchmarkOptions(IReadOnlyList<int> BatchSizes, int Repeat, int Epochs, int Steps, string? JsonPath, int? Threads, string? Only = null)
{
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        string? Value(string flag)
        {
            var i = args.ToList().IndexOf(flag);
            if (i < 0) return null;
            return i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{flag} needs a value.");
        }
        int Number(string flag, int fallback) => Value(flag) is { } v
            ? int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"{flag} takes a positive integer, received '{v}'.")
            : fallback;
        var batches = Value("--batch") is { } b
            ? b.Split(',').Select(s => int.TryParse(s, out var n) && n > 0 ? n : throw new ArgumentException($"--batch takes positive integers separated by commas, received '{b}'.")).ToList()
            : [32, 128];
        return new BenchmarkOptions(batches, Number("--repeat", 7), Number("--epochs", 20), Number("--steps", 10_000), Value("--json"),
                                    Value("--threads") is null ? null : Number("--threads", 1), Value("--only"));
    }
}
