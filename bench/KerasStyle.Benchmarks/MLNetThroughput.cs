using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.KerasStyle.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// ML.NET integration figures on the mlnet sample's MLP (784-128-10, RMSprop, batch 32, 3 epochs; Fashion-MNIST images
/// when installed, judged, and random floats, shown): training throughput from an IDataView (streamed through cursors; a
/// binary .idv that shuffles itself, the same in file order or through ml.Data.Cache, and LoadFromEnumerable through
/// ML.NET's shuffle pool) vs from in-memory tensors (target: within 15%); scoring rows/s of the fitted transformer in
/// process (batched ONNX Runtime) vs its saved form reloaded from a zip (ApplyOnnxModel, one row per call);
/// PredictionEngine single-row latency.
/// </summary>
internal static class MLNetThroughput
{
    const int Rows = 16_000, FeatureCount = 784, Classes = 10;

    /// <summary>Epochs of each timed training: as many as the mlnet sample trains.</summary>
    const int Epochs = 3;

    /// <summary>One row of the random data.</summary>
    public sealed class Row
    {
        /// <summary>Features.</summary>
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        /// <summary>Class key (raw key = class + 1).</summary>
        [KeyType(Classes)]
        public uint Label { get; set; }
    }

    /// <summary>The benchmark's model, from seed 7 (every ML.NET benchmark trains this one).</summary>
    internal static Sequential NewModel()
    {
        manual_seed(7);
        var model = new Sequential([Keras.Input(shape: [FeatureCount]), new Dense(128, activation: "relu"), new Dense(Classes, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    /// <summary>The random rows (seed 1) every ML.NET benchmark reads: 784 floats in [0, 1) and a class key.</summary>
    internal static List<Row> RandomRows()
    {
        var random = new Random(1);
        return Enumerable.Range(0, Rows).Select(_ => new Row
        {
            Features = Enumerable.Range(0, FeatureCount).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = (uint)random.Next(Classes),
        }).ToList();
    }

    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        var repetitions = options.Repeat;
        var rows = RandomRows();
        var ml = new MLContext(seed: 1);
        var idvPath = Path.Combine(Path.GetTempPath(), $"kerasstyle-bench-{Environment.ProcessId}.idv");
        var binary = TrainingThroughput(ml, rows, "random floats (incompressible: the worst case for a deflated .idv)", idvPath, judged: false, repetitions, report, output);
        // Real images are what the trainers are for, and what a .idv holds in practice: they compress as data does.
        if (FashionImages() is { } images)
        {
            var imagesPath = Path.Combine(Path.GetTempPath(), $"kerasstyle-bench-{Environment.ProcessId}-fashion.idv");
            TrainingThroughput(ml, images, "Fashion-MNIST training images (pixels / 255)", imagesPath, judged: true, repetitions, report, output);
            File.Delete(imagesPath);
        }
        else
        {
            output.WriteLine("  (Fashion-MNIST is not installed — `sudo apt-get install dataset-fashion-mnist` — so the judged real-image rows are skipped.)");
        }

        var transformer = ml.MulticlassClassification.Trainers.Keras(NewModel(), verbose: 0).Fit(binary);
        var zip = Path.Combine(Path.GetTempPath(), $"kerasstyle-bench-{Environment.ProcessId}.zip");
        ml.Model.Save(transformer, binary.Schema, zip);
        var reloaded = new MLContext().Model.Load(zip, out _);
        output.WriteLine($"Scoring throughput over {Rows} rows, median of {repetitions} (rows/s):");
        var inProcess = Statistics.Median(Enumerable.Range(0, repetitions).Select(_ => Time(() => Consume(transformer.Transform(binary)))).ToList());
        var savedForm = Statistics.Median(Enumerable.Range(0, repetitions).Select(_ => Time(() => Consume(transformer.SavedForm.Transform(binary)))).ToList());
        var loaded = Statistics.Median(Enumerable.Range(0, repetitions).Select(_ => Time(() => Consume(reloaded.Transform(binary)))).ToList());
        output.WriteLine($"  in-process transformer (batched ONNX Runtime) {Rows / inProcess,10:F0}");
        output.WriteLine($"  its saved form in process (ApplyOnnxModel)    {Rows / savedForm,10:F0}");
        output.WriteLine($"  reloaded zip (ApplyOnnxModel, row by row)     {Rows / loaded,10:F0}  (in-process is {loaded / inProcess:F1}x faster)");
        const string scoring = "ML.NET scoring (rows/s)";
        report.Add(scoring, "in-process transformer (batched ONNX Runtime)", "rows/s", [Rows / inProcess]);
        report.Add(scoring, "saved form in process (ApplyOnnxModel)", "rows/s", [Rows / savedForm]);
        report.Add(scoring, "reloaded zip (ApplyOnnxModel)", "rows/s", [Rows / loaded]);

        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(transformer);
        var sample = rows[0];
        for (var i = 0; i < 100; i++) engine.Predict(sample);
        var latencies = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var clock = Stopwatch.StartNew();
            engine.Predict(sample);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"PredictionEngine single-row latency: median {Statistics.Median(latencies) * 1000:F0} µs over 1000 calls");
        report.Add("ML.NET PredictionEngine", "single-row latency", "µs", latencies.Select(l => l * 1000).ToList());
        File.Delete(idvPath);
        File.Delete(zip);
    }

    // The first Rows training images of Fashion-MNIST as rows, or null when the dataset is not installed.
    internal static List<Row>? FashionImages()
    {
        try
        {
            var ((images, labels), _) = Keras.Datasets.FashionMnist.LoadData();
            using var scope = NewDisposeScope();
            var pixels = (images[..Rows].reshape(Rows, FeatureCount).to(ScalarType.Float32) / 255).data<float>().ToArray();
            var classes = labels[..Rows].to(ScalarType.Int64).data<long>().ToArray();
            return Enumerable.Range(0, Rows).Select(i => new Row { Features = pixels[(i * FeatureCount)..((i + 1) * FeatureCount)], Label = (uint)classes[i] }).ToList();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    // Training (the mlnet sample's epochs) from in-memory tensors, a binary .idv (ML.NET's own format, deflated) and
    // LoadFromEnumerable, interleaved; returns the .idv view for the scoring figures.
    static IDataView TrainingThroughput(MLContext ml, List<Row> rows, string data, string idvPath, bool judged, int repetitions, BenchmarkReport report, TextWriter output)
    {
        var x = tensor(rows.SelectMany(r => r.Features).ToArray(), [Rows, FeatureCount]);
        var y = tensor(rows.Select(r => (long)r.Label).ToArray(), [Rows]);
        var enumerable = ml.Data.LoadFromEnumerable(rows);
        using (var stream = File.Create(idvPath)) ml.Data.SaveAsBinary(enumerable, stream, keepHidden: false);
        var binary = ml.Data.LoadFromBinary(idvPath);

        var loadBefore = MachineLoad.LoadAverage();
        output.WriteLine($"Training throughput on {data}: {Rows} rows x {FeatureCount} features ({new FileInfo(idvPath).Length / 1e6:F1} MB as .idv), batch 32, " +
                         $"{Epochs} epochs, median of {repetitions} (rows/s over all epochs; then each epoch's rows/s):");
        // Each way: its printed name, its name in the report, and one timed training.
        var ways = new (string Name, string ReportName, Action<EpochTimer> Train)[]
        {
            ("in-memory tensors (Model.Fit)", "in-memory tensors (Model.Fit)",
                t => NewModel().Fit(x, y, batchSize: 32, epochs: Epochs, verbose: 0, callbacks: [t])),
            ("IDataView, binary .idv (shuffles itself)", "IDataView, binary .idv",
                t => ml.MulticlassClassification.Trainers.Keras(NewModel(), epochs: Epochs, verbose: 0, callbacks: [t]).Fit(binary)),
            ("IDataView, LoadFromEnumerable (pool)", "IDataView, LoadFromEnumerable",
                t => ml.MulticlassClassification.Trainers.Keras(NewModel(), epochs: Epochs, verbose: 0, callbacks: [t]).Fit(enumerable)),
            ("IDataView, binary .idv, no shuffling", "IDataView, binary .idv, no shuffling",
                t => ml.MulticlassClassification.Trainers.Keras(NewModel(), new KerasTrainerOptions { Epochs = Epochs, Shuffle = false, Verbose = 0, Callbacks = [t] }).Fit(binary)),
            // What the docs advise for several epochs over a .idv that fits in memory: inflate it once.
            ("IDataView, binary .idv, ml.Data.Cache", "IDataView, binary .idv, ml.Data.Cache",
                t => ml.MulticlassClassification.Trainers.Keras(NewModel(), epochs: Epochs, verbose: 0, callbacks: [t]).Fit(ml.Data.Cache(binary))),
        };
        var timers = ways.Select(_ => new List<EpochTimer>()).ToList();
        // The ways in turn, each run on a collected heap, timed epoch by epoch (EpochTimer): the ML.NET step's one-time
        // ONNX export after training is not training throughput.
        for (var r = 0; r < repetitions; r++)
            for (var w = 0; w < ways.Length; w++)
                timers[w].Add(EpochTimer.Timed(ways[w].Train));
        var seconds = timers.Select(runs => runs.Select(t => t.Seconds).ToList()).ToList();
        var (inMemory, fromBinary, fromEnumerable) = (seconds[0], seconds[1], seconds[2]);
        var memory = Rows * Epochs / Statistics.Median(inMemory);
        var training = $"ML.NET training, {data} (rows/s)";
        for (var w = 0; w < ways.Length; w++)
        {
            var rate = Rows * Epochs / Statistics.Median(seconds[w]);
            var perEpoch = Enumerable.Range(0, Epochs).Select(e => Rows / Statistics.Median(timers[w].Select(t => t.Epochs[e]).ToList()));
            output.WriteLine($"  {ways[w].Name,-42} {rate,8:F0}{(w == 0 ? "        " : $"  ({rate / memory,4:P0})")}   epochs: {string.Join(", ", perEpoch.Select(p => p.ToString("F0")))}");
            report.Add(training, ways[w].ReportName, "rows/s", seconds[w].Select(t => Rows * Epochs / t).ToList());
        }
        // Medians of the runs paired in order (each pair ran back to back; the machine's speed drifts between pairs).
        var paired = fromBinary.Zip(inMemory, (a, b) => a / b).ToList();
        var pairedEnumerable = fromEnumerable.Zip(inMemory, (a, b) => a / b).ToList();
        if (judged)
        {
            report.Judge(training, "IDataView (.idv) time / in-memory time", Statistics.Median(paired), 1.15, (paired.Min(), paired.Max()));
            report.Judge(training, "IDataView (enumerable) time / in-memory time", Statistics.Median(pairedEnumerable), 1.15, (pairedEnumerable.Min(), pairedEnumerable.Max()));
        }
        else
        {
            report.Add(training, "IDataView (.idv) time / in-memory time (not judged)", "ratio", paired);
            report.Add(training, "IDataView (enumerable) time / in-memory time (not judged)", "ratio", pairedEnumerable);
        }
        report.Note(training, $"{Rows} rows x {FeatureCount} features, batch 32, {Epochs} epochs (as the mlnet sample) timed by a callback (the ML.NET step's ONNX export after training excluded), " +
                     $"{repetitions} runs of each way interleaved, each on a collected heap; the trainer reads ahead on a background thread (PrefetchBatches: its default, 16 batches here); " +
                     "a binary .idv is deflate-compressed and its shuffled cursor fills ML.NET's pool (here the whole file) before the first row, " +
                     $"so each epoch starts by decompressing it (mlnet-profile shows the parts); {Environment.ProcessorCount} processors, " +
                     $"load average {loadBefore} before and {MachineLoad.LoadAverage()} after.");
        return binary;
    }

    /// <summary>The scored columns read by the prediction engine.</summary>
    public sealed class Prediction
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];

        /// <summary>Predicted key.</summary>
        [KeyType(Classes)]
        public uint PredictedLabel { get; set; }
    }

    static void Consume(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema.Where(c => c.Name is "Score" or "PredictedLabel"));
        var score = cursor.GetGetter<VBuffer<float>>(data.Schema["Score"]);
        var predicted = cursor.GetGetter<uint>(data.Schema["PredictedLabel"]);
        VBuffer<float> s = default;
        uint p = 0;
        while (cursor.MoveNext())
        {
            score(ref s);
            predicted(ref p);
        }
    }

    static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
