using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.MLNet;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Where the ML.NET trainers' data path spends its time, per batch of 32 rows of the <c>mlnet</c> benchmark's judged data
/// (the first 16,000 Fashion-MNIST training images and their keys; random floats when the dataset is not installed), for
/// a binary .idv read in random order, the same in file order, and LoadFromEnumerable through ML.NET's shuffle pool: the
/// wait for a pass's first row (spread over the pass's batches), a cursor's MoveNext alone, + the column getters,
/// + copying the values into one batch buffer, then the trainer's whole batch reader (tensors included) on the
/// enumerating thread and read ahead; then the tensor-making alone; then whole epochs: in-memory tensors (shuffled, in
/// order, through a Dataset) vs the trainer from each source, reading on the training thread or ahead on a background
/// thread. Each row is process CPU µs per batch (every thread: ML.NET's decompression threads, the background reader),
/// wall µs per batch, and the pass's managed allocations and GC pauses; rows are measured interleaved, each on a
/// collected heap, the median of the rounds. <c>--only text</c> keeps the rows whose names contain the text.
/// </summary>
internal static class MLNetReadProfile
{
    const int Rows = 16_000, FeatureCount = 784, BatchSize = 32, Batches = Rows / BatchSize;

    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        var images = MLNetThroughput.FashionImages();
        var rows = images ?? MLNetThroughput.RandomRows();
        output.WriteLine(images is null ? "Data: random floats (Fashion-MNIST is not installed)." : "Data: the first Fashion-MNIST training images, as in the judged mlnet rows.");
        var ml = new MLContext(seed: 1);
        var enumerable = ml.Data.LoadFromEnumerable(rows);
        var idvPath = Path.Combine(Path.GetTempPath(), $"kerasstyle-profile-{Environment.ProcessId}.idv");
        using (var stream = File.Create(idvPath)) ml.Data.SaveAsBinary(enumerable, stream, keepHidden: false);
        try
        {
            var binary = ml.Data.LoadFromBinary(idvPath);
            var pooled = ml.Data.ShuffleRows(enumerable, seed: 0, shufflePoolSize: 10_000, shuffleSource: false);
            var (x, y) = (tensor(rows.SelectMany(r => r.Features).ToArray(), [Rows, FeatureCount]), tensor(rows.Select(r => (long)r.Label).ToArray(), [Rows]));
            var sources = new (string Name, IDataView Data, bool Shuffle)[]
            {
                (".idv, random order", binary, true),
                (".idv, file order", binary, false),
                ("enumerable, shuffle pool", pooled, false),
            };
            var stages = new List<(string Name, Func<(double Cpu, double Wall)> Run)>();
            void Add(string name, Action run) => stages.Add((name, () => Timed(run)));
            foreach (var (name, data, shuffle) in sources)
            {
                stages.Add(($"{name}: wait for the first row", () => FirstRow(data, shuffle)));
                Add($"{name}: MoveNext", () => ReadRows(data, shuffle, getters: false, copy: false));
                Add($"{name}: + getters", () => ReadRows(data, shuffle, getters: true, copy: false));
                Add($"{name}: + copy to batch buffer", () => ReadRows(data, shuffle, getters: true, copy: true));
                Add($"{name}: trainer's batches (sync)", () => TrainerBatches(data, shuffle, prefetch: 0));
                Add($"{name}: trainer's batches (read ahead)", () => TrainerBatches(data, shuffle, prefetch: null));
            }
            var values = new float[BatchSize * FeatureCount];
            Add("tensor: ToArray + tensor() (clones)", () => MakeTensors(() => tensor(values.AsSpan().ToArray(), [BatchSize, FeatureCount])));
            Add("tensor: empty + span copy", () => MakeTensors(() =>
            {
                var t = empty([BatchSize, FeatureCount]);
                values.CopyTo(MemoryMarshal.Cast<byte, float>(t.bytes));
                return t;
            }));
            // Whole epochs, timed from OnEpochBegin to OnEpochEnd (the trainer's ONNX export after training excluded).
            stages.Add(("epoch: in-memory tensors (Model.Fit)", () => Epoch(t => MLNetThroughput.NewModel().Fit(x, y, batchSize: BatchSize, epochs: 1, verbose: 0, callbacks: [t]))));
            stages.Add(("epoch: Dataset.FromTensorSlices(x, y).Batch(32), file order", () => Epoch(t => MLNetThroughput.NewModel().Fit(Microsoft.ML.KerasStyle.Data.Dataset.FromTensorSlices(x, y).Batch(BatchSize), epochs: 1, verbose: 0, callbacks: [t]))));
            stages.Add(("epoch: in-memory tensors, file order", () => Epoch(t => MLNetThroughput.NewModel().Fit(x, y, batchSize: BatchSize, epochs: 1, verbose: 0, shuffle: false, callbacks: [t]))));
            // PrefetchBatches null is the trainers' default depth (16 batches here).
            foreach (var (name, data, prefetch, shuffle) in new (string, IDataView, int?, bool)[]
                     {
                         (".idv", binary, 0, true), (".idv", binary, 2, true), (".idv", binary, null, true), (".idv", binary, null, false),
                         ("enumerable", enumerable, 0, true), ("enumerable", enumerable, 2, true), ("enumerable", enumerable, null, true),
                         ("enumerable", enumerable, 0, false), ("enumerable", enumerable, null, false),
                     })
                stages.Add(($"epoch: trainer from {name}, PrefetchBatches = {prefetch?.ToString() ?? "default"}{(shuffle ? "" : ", file order")}", () => Epoch(t =>
                    ml.MulticlassClassification.Trainers.Keras(MLNetThroughput.NewModel(), new KerasTrainerOptions { Verbose = 0, Callbacks = [t], PrefetchBatches = prefetch, Shuffle = shuffle }).Fit(data))));

            if (options.Only is { } only) stages.RemoveAll(s => !s.Name.Contains(only, StringComparison.OrdinalIgnoreCase));
            var loadBefore = MachineLoad.LoadAverage();
            var cpu = stages.ToDictionary(s => s.Name, _ => new List<double>());
            var wall = stages.ToDictionary(s => s.Name, _ => new List<double>());
            var allocated = stages.ToDictionary(s => s.Name, _ => new List<double>());
            var paused = stages.ToDictionary(s => s.Name, _ => new List<double>());
            for (var round = 0; round <= options.Repeat; round++)
                foreach (var (name, run) in stages)
                {
                    // Each stage starts on a collected heap, and is charged the allocations and GC pauses of its own pass.
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var (bytesBefore, pauseBefore) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
                    var (c, w) = run();
                    if (round == 0) continue;   // warm-up
                    cpu[name].Add(c);
                    wall[name].Add(w);
                    allocated[name].Add((GC.GetTotalAllocatedBytes() - bytesBefore) / 1e6);
                    paused[name].Add((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
                }
            output.WriteLine($"ML.NET read profile: {Rows} rows x {FeatureCount} floats + key, batch {BatchSize}, µs per batch, median of {options.Repeat} rounds, threads {get_num_threads()}");
            output.WriteLine($"{"stage",-66} {"CPU µs",9} {"wall µs",9} {"MB alloc",9} {"GC ms",7}  (last two: per pass)");
            foreach (var (name, _) in stages)
            {
                output.WriteLine($"{name,-66} {Statistics.Median(cpu[name]),9:F1} {Statistics.Median(wall[name]),9:F1} {Statistics.Median(allocated[name]),9:F1} {Statistics.Median(paused[name]),7:F1}");
                report.Add("ML.NET read profile (µs per batch of 32)", name + " (CPU)", "µs", cpu[name]);
                report.Add("ML.NET read profile (µs per batch of 32)", name + " (wall)", "µs", wall[name]);
            }
            report.Note("ML.NET read profile (µs per batch of 32)", $"threads {get_num_threads()}, {Environment.ProcessorCount} processors, " +
                        $"load average {loadBefore} before and {MachineLoad.LoadAverage()} after.");
        }
        finally
        {
            File.Delete(idvPath);
        }
    }

    // CPU and wall µs per batch of a run over the whole data.
    static (double Cpu, double Wall) Timed(Action run)
    {
        var cpuClock = CpuClock.StartNew();
        var wallClock = Stopwatch.StartNew();
        run();
        return (cpuClock.Elapsed.TotalMicroseconds / Batches, wallClock.Elapsed.TotalMicroseconds / Batches);
    }

    // The wait from GetRowCursor to the first row (ML.NET fills its shuffle pool, or decompresses the first block, there),
    // spread over the pass's batches; the cursor's disposal (which waits for ML.NET's reading threads) is not timed.
    static (double Cpu, double Wall) FirstRow(IDataView data, bool shuffle)
    {
        var cpuClock = CpuClock.StartNew();
        var wallClock = Stopwatch.StartNew();
        using var cursor = data.GetRowCursor([data.Schema["Features"], data.Schema["Label"]], shuffle ? new Random(0) : null);
        cursor.MoveNext();
        return (cpuClock.Elapsed.TotalMicroseconds / Batches, wallClock.Elapsed.TotalMicroseconds / Batches);
    }

    // One epoch from OnEpochBegin to OnEpochEnd, in CPU and wall µs per batch.
    static (double Cpu, double Wall) Epoch(Action<EpochClock> train)
    {
        var clock = new EpochClock();
        train(clock);
        return (clock.Cpu.TotalMicroseconds / Batches, clock.Wall.TotalMicroseconds / Batches);
    }

    sealed class EpochClock : Microsoft.ML.KerasStyle.Callbacks.Callback
    {
        CpuClock? cpu;
        readonly Stopwatch wall = new();

        public TimeSpan Cpu { get; private set; }

        public TimeSpan Wall => wall.Elapsed;

        public override void OnEpochBegin(int epoch, Microsoft.ML.KerasStyle.Callbacks.Logs logs)
        {
            cpu = CpuClock.StartNew();
            wall.Restart();
        }

        public override void OnEpochEnd(int epoch, Microsoft.ML.KerasStyle.Callbacks.Logs logs)
        {
            wall.Stop();
            Cpu = cpu!.Elapsed;
        }
    }

    static void ReadRows(IDataView data, bool shuffle, bool getters, bool copy)
    {
        var features = data.Schema["Features"];
        var label = data.Schema["Label"];
        using var cursor = data.GetRowCursor([features, label], shuffle ? new Random(0) : null);
        var featureGetter = cursor.GetGetter<VBuffer<float>>(features);
        var labelGetter = cursor.GetGetter<uint>(label);
        VBuffer<float> vector = default;
        uint key = 0;
        var batch = new float[BatchSize * FeatureCount];
        var keys = new long[BatchSize];
        var row = 0;
        while (cursor.MoveNext())
        {
            if (!getters) continue;
            featureGetter(ref vector);
            labelGetter(ref key);
            if (!copy) continue;
            vector.CopyTo(batch.AsSpan(row * FeatureCount, FeatureCount));
            keys[row] = key - 1;
            row = (row + 1) % BatchSize;
        }
    }

    static void TrainerBatches(IDataView data, bool shuffle, int? prefetch)
    {
        var model = MLNetThroughput.NewModel();
        var columns = new KerasColumns(new Dictionary<string, string> { [model.InputNames[0]] = "Features" },
            new Dictionary<string, string> { [model.OutputNames[0]] = "Label" }, new Dictionary<string, string>(), null);
        var binding = ColumnBinding.Create("profile", KerasTask.MulticlassClassification, model, columns, data.Schema, withLabels: true);
        foreach (var _ in new DataViewBatches(data, binding, BatchSize, withTargets: true, shuffle, seed: 0, readAhead: prefetch)) { }
    }

    static void MakeTensors(Func<Tensor> make)
    {
        for (var i = 0; i < Batches; i++)
        {
            using var scope = NewDisposeScope();
            make();
        }
    }
}
