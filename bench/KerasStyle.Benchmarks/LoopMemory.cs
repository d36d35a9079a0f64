using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;
using static TorchSharp.torch;
using KerasLoss = Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Resident memory across a long custom loop written as listing 7-4-3 (a Dataset, a GradientTape step, metrics
/// read every step) with no dispose scope in user code: the library's scopes must release each step's tensors.
/// Target: RSS after the last step within 5% of RSS after the first tenth.
/// </summary>
internal static class LoopMemory
{
    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        var steps = options.Steps;
        var group = $"memory, custom loop over {steps} steps";
        manual_seed(1);
        var x = rand(2048, TrainingModel.Features);
        var y = randint(0, TrainingModel.Classes, [2048]);
        var model = TrainingModel.New();
        var lossFn = new KerasLoss();
        var optimizer = new RMSprop();
        var accuracy = new SparseCategoricalAccuracy();
        var lossTracker = new Mean(name: "loss");
        var dataset = Dataset.FromTensorSlices(x, y).Shuffle(bufferSize: 2048, seed: 1).Batch(32).Repeat().Take(steps);
        var every = Math.Max(1, steps / 10);
        var samples = new List<(int Step, double Megabytes)>();
        var step = 0;
        foreach (var (inputs, targets) in dataset)
        {
            using var tape = new GradientTape();
            var predictions = model.Apply(inputs, training: true);
            var loss = lossFn.Call(targets, predictions);
            optimizer.ApplyGradients(tape.Gradient(loss, model.TrainableWeights), model.TrainableWeights);
            accuracy.UpdateState(targets, predictions);
            lossTracker.UpdateState(loss);
            _ = (double)accuracy.Result() + lossTracker.Result();
            if (++step % every == 0) samples.Add((step, Rss.Megabytes()));
        }

        output.WriteLine($"Custom loop memory: MLP, batch 32, {steps} steps (Dataset + GradientTape as in 7-4-3, no user dispose scope)");
        output.WriteLine(" step  RSS (MiB)");
        foreach (var (s, mb) in samples) output.WriteLine($"{s,5}  {mb,9:F1}");
        report.Add(group, "RSS every tenth of the steps", "MiB", samples.Select(s => s.Megabytes).ToList());
        report.Judge(group, $"RSS after step {samples[^1].Step} / after step {samples[0].Step}", samples[^1].Megabytes / samples[0].Megabytes, 1.05);
    }
}
