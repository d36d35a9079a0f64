using System.Diagnostics;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Resident memory across a long Fit (with validation, Evaluate and Predict each epoch): if a step leaked tensors,
/// RSS would grow with every epoch. Target: RSS after the last epoch within 5% of RSS after epoch 2.
/// </summary>
internal static class FitMemory
{
    sealed class RssRecorder(Model model, Tensor x, Tensor y) : Callback
    {
        public List<(int Epoch, double Megabytes, double Seconds)> Samples { get; } = [];
        readonly Stopwatch clock = Stopwatch.StartNew();

        public override void OnEpochEnd(int epoch, Logs logs)
        {
            model.Evaluate(x, y, verbose: 0);
            using (var p = model.Predict(x, verbose: 0)[0]) { }
            Samples.Add((epoch + 1, Rss.Megabytes(), clock.Elapsed.TotalSeconds));
        }
    }

    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        var epochs = options.Epochs;
        var group = $"memory, Fit over {epochs} epochs";
        manual_seed(1);
        const int samples = 10_000;
        var x = rand(samples, 784);
        var y = randint(0, 10, [samples]);
        var model = new Sequential([Keras.Input(shape: [784]), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var recorder = new RssRecorder(model, x[..2000], y[..2000]);
        model.Fit(x, y, batchSize: 32, epochs: epochs, verbose: 0, validationSplit: 0.1, callbacks: [recorder]);

        output.WriteLine($"Fit memory: MLP 784-128-10, {samples} samples, batch 32, {epochs} epochs (+ Evaluate and Predict each epoch)");
        output.WriteLine("epoch  RSS (MiB)  elapsed (s)");
        foreach (var (epoch, mb, seconds) in recorder.Samples) output.WriteLine($"{epoch,5}  {mb,9:F1}  {seconds,11:F1}");
        var baseline = recorder.Samples.First(s => s.Epoch == Math.Min(2, epochs)).Megabytes;
        report.Add(group, "RSS after each epoch", "MiB", recorder.Samples.Select(s => s.Megabytes).ToList());
        report.Judge(group, $"RSS after epoch {epochs} / after epoch {Math.Min(2, epochs)}", recorder.Samples[^1].Megabytes / baseline, 1.05);
    }
}
