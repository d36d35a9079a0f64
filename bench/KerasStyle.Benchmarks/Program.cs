using KerasStyle.Benchmarks;

// The ranks of the "distributed" benchmark, launched by it under mpirun.
if (args.Length > 0 && args[0] == DistributedRank.Command) return DistributedRank.Run(args[1..]);

// dotnet run --project bench/KerasStyle.Benchmarks -c Release -- [all|speed|memory|loop-memory|profile]...
//     [--batch 32,128] [--repeat N] [--epochs N] [--steps N] [--threads N] [--json path] [--only text (mlnet-profile rows)]
// Prints each benchmark's details, then one table of medians, spreads and targets (PASS/FAIL). Targets are judged
// from ratios measured in one run, the ways interleaved (the machine is shared and noisy).
// To add a benchmark: write a Run(BenchmarkOptions, BenchmarkReport, TextWriter) in its own file and list it here.
var benchmarks = new (string Name, string About, Action<BenchmarkOptions, BenchmarkReport, TextWriter> Run, bool InAll)[]
{
    ("speed", "Fit vs a bare TorchSharp loop; custom loop and overridden TrainStep vs Fit", TrainingSpeed.Run, true),
    ("steps", "Fit vs the bare loop only, their steps run in turn (quick)", TrainingSpeed.RunStepByStep, false),
    ("memory", "RSS over a long Fit (validation, Evaluate, Predict each epoch)", FitMemory.Run, true),
    ("loop-memory", "RSS over a 10,000-step custom loop", LoopMemory.Run, true),
    ("mlnet", "ML.NET: IDataView vs in-memory Fit; in-process vs reloaded scoring; PredictionEngine latency", MLNetThroughput.Run, true),
    ("mlnet-large", "ML.NET: one epoch from a 2,000,000-row binary .idv with bounded RSS", MLNetLargeIdv.Run, false),
    ("profile", "µs per step, stage by stage, bare loop vs the library", StepProfile.Run, false),
    ("mlnet-profile", "ML.NET: µs per batch of the trainers' data path, stage by stage (cursor, getters, copies, tensors)", MLNetReadProfile.Run, false),
    ("distributed", "Data-parallel Fit under mpirun on 1, 2 and 4 processes: images/s, scaling efficiency, all-reduce cost per step", DistributedScaling.Run, false),
};

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("Usage: dotnet run --project bench/KerasStyle.Benchmarks -c Release -- [all|NAME...] [--batch 32,128] [--repeat N] [--epochs N] [--steps N] [--threads N] [--json path] [--only text]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-12} {b.About}{(b.InAll ? "" : " (not in 'all')")}");
    Console.WriteLine("On a busy or shared machine use --threads 1: torch's worker threads wait for each other and the timings stop meaning anything.");
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var valued = new HashSet<string> { "--batch", "--repeat", "--epochs", "--steps", "--json", "--threads", "--only" };
var names = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || !valued.Contains(args[i - 1]))).DefaultIfEmpty("all").ToList();
var unknown = names.Where(n => n != "all" && benchmarks.All(b => b.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown benchmark '{unknown[0]}'. Known: all, {string.Join(", ", benchmarks.Select(b => b.Name))}.");
    return 2;
}

if (options.Threads is { } threads) TorchSharp.torch.set_num_threads(threads);
var report = new BenchmarkReport();
foreach (var benchmark in benchmarks.Where(b => names.Contains(b.Name) || names.Contains("all") && b.InAll))
{
    benchmark.Run(options, report, Console.Out);
    Console.WriteLine();
}
report.WriteTable(Console.Out);
if (options.JsonPath is { } path)
{
    report.WriteJson(path);
    Console.WriteLine($"JSON written to {Path.GetFullPath(path)}");
}
return 0;
