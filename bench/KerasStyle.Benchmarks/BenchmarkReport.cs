using System.Globalization;
using System.Text.Json;

namespace KerasStyle.Benchmarks;

/// <summary>One measured quantity: the median and spread of its repetitions.</summary>
/// <param name="Group">The benchmark that measured it (e.g. "training speed, batch 32").</param>
/// <param name="Name">What was measured (e.g. "Fit").</param>
/// <param name="Unit">The unit of the values (e.g. "steps/s").</param>
/// <param name="Values">One value per repetition.</param>
internal sealed record Measurement(string Group, string Name, string Unit, IReadOnlyList<double> Values)
{
    public double Median => Statistics.Median(Values);
    public double Min => Values.Count == 0 ? double.NaN : Values.Min();
    public double Max => Values.Count == 0 ? double.NaN : Values.Max();
}

/// <summary>A target judged from measurements of one run: <c>Value ≤ Limit</c> passes.</summary>
/// <param name="Group">The benchmark it belongs to.</param>
/// <param name="Name">What is compared (e.g. "Fit time / bare loop time").</param>
/// <param name="Value">The measured ratio.</param>
/// <param name="Limit">The target's upper bound.</param>
/// <param name="Spread">The ratio's range over repetitions paired in order (min–max), when it has one.</param>
internal sealed record Check(string Group, string Name, double Value, double Limit, (double Min, double Max)? Spread = null)
{
    public bool Pass => Value <= Limit;
}

/// <summary>
/// What a run of the benchmark program found: measurements and targets from every benchmark that ran, printed as one
/// table at the end and written as JSON (<c>--json path</c>). A benchmark adds its rows with <see cref="Add"/> and
/// <see cref="Judge"/>; nothing else needs to change to add one.
/// </summary>
internal sealed class BenchmarkReport
{
    readonly List<Measurement> measurements = [];
    readonly List<Check> checks = [];
    readonly Dictionary<string, string> notes = [];

    public IReadOnlyList<Measurement> Measurements => measurements;
    public IReadOnlyList<Check> Checks => checks;

    public Measurement Add(string group, string name, string unit, IReadOnlyList<double> values)
    {
        var measurement = new Measurement(group, name, unit, values);
        measurements.Add(measurement);
        return measurement;
    }

    public Check Judge(string group, string name, double value, double limit, (double Min, double Max)? spread = null)
    {
        var check = new Check(group, name, value, limit, spread);
        checks.Add(check);
        return check;
    }

    /// <summary>A line of context for a group (what was measured, the machine's load…), printed under its rows.</summary>
    public void Note(string group, string text) => notes[group] = notes.TryGetValue(group, out var before) ? before + " " + text : text;

    public void WriteTable(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"measurement",-52} {"median",10} {"min",10} {"max",10}  unit");
        foreach (var group in measurements.Select(m => m.Group).Concat(checks.Select(c => c.Group)).Distinct())
        {
            output.WriteLine($"-- {group}");
            foreach (var m in measurements.Where(m => m.Group == group))
                output.WriteLine($"   {m.Name,-49} {Format(m.Median),10} {Format(m.Min),10} {Format(m.Max),10}  {m.Unit}");
            foreach (var c in checks.Where(c => c.Group == group))
            {
                var spread = c.Spread is { } s ? $"{Format(s.Min),10} {Format(s.Max),10}" : $"{"",10} {"",10}";
                output.WriteLine($"   {c.Name,-49} {Format(c.Value),10} {spread}  ≤ {c.Limit.ToString("0.00", CultureInfo.InvariantCulture)}  {(c.Pass ? "PASS" : "FAIL")}");
            }
            if (notes.TryGetValue(group, out var note)) output.WriteLine($"   ({note})");
        }
        output.WriteLine($"targets: {checks.Count(c => c.Pass)} PASS, {checks.Count(c => !c.Pass)} FAIL");
    }

    public void WriteJson(string path)
    {
        var document = new
        {
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.VersionString, dotnet = Environment.Version.ToString() },
            measurements = measurements.Select(m => new { m.Group, m.Name, m.Unit, m.Median, m.Min, m.Max, m.Values }),
            checks = checks.Select(c => new { c.Group, c.Name, c.Value, c.Limit, c.Pass, spreadMin = c.Spread?.Min, spreadMax = c.Spread?.Max }),
            notes,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
    }

    static string Format(double value) => double.IsNaN(value) ? "-"
        : Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : value.ToString("F3", CultureInfo.InvariantCulture);
}
