using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Training on a binary .idv file larger than what the process keeps: rows are generated lazily into a file in the
/// temp folder (2M rows x 64 features = 0.5 GB of floats by default), then one epoch of the binary Keras trainer
/// streams it through cursors. Prints the file size, the throughput and the process's peak RSS (VmHWM), which stays
/// far below the file size because only one batch is in memory at a time.
/// </summary>
internal static class MLNetLargeIdv
{
    const int FeatureCount = 64;

    /// <summary>One generated row.</summary>
    public sealed class Row
    {
        /// <summary>Features.</summary>
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        /// <summary>Whether the first feature is above the second.</summary>
        public bool Label { get; set; }
    }

    static IEnumerable<Row> Generate(int rows)
    {
        var random = new Random(1);
        for (var i = 0; i < rows; i++)
        {
            var x = new float[FeatureCount];
            for (var j = 0; j < FeatureCount; j++) x[j] = (float)random.NextDouble();
            yield return new Row { Features = x, Label = x[0] > x[1] };
        }
    }

    public static void Run(int rows, TextWriter output)
    {
        var ml = new MLContext(seed: 1);
        var path = Path.Combine(Path.GetTempPath(), $"kerasstyle-large-{Environment.ProcessId}.idv");
        try
        {
            var clock = Stopwatch.StartNew();
            using (var stream = File.Create(path)) ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(Generate(rows)), stream);
            var size = new FileInfo(path).Length;
            output.WriteLine($"Wrote {rows:N0} rows x {FeatureCount} features to {path}: {size / 1048576.0:N0} MiB in {clock.Elapsed.TotalSeconds:F0} s; peak RSS so far {PeakRssMiB():N0} MiB");

            manual_seed(1);
            var model = new Sequential([Keras.Input(shape: [FeatureCount]), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]);
            model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
            var data = ml.Data.LoadFromBinary(path);
            clock.Restart();
            var transformer = ml.BinaryClassification.Trainers.Keras(model, new KerasTrainerOptions { Epochs = 1, BatchSize = 256, Verbose = 2 }).Fit(data);
            var seconds = clock.Elapsed.TotalSeconds;
            output.WriteLine($"Trained 1 epoch from the file: {rows / seconds:N0} rows/s, accuracy {transformer.History["accuracy"][^1]:F4}; " +
                             $"peak RSS {PeakRssMiB():N0} MiB for a {size / 1048576.0:N0} MiB file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Linux's high-water mark of the resident set (VmHWM in /proc/self/status), in MiB; -1 elsewhere.
    static double PeakRssMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
