using System.Diagnostics;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Where a training step's time goes: the bare loop and the library's step grown one stage at a time (forward, + loss,
/// + gradients, + optimizer, + metrics), then TrainStep and a whole Fit step, in µs per step. Differences between
/// consecutive rows are the cost of a stage; rows are measured interleaved and the median of several rounds is shown.
/// </summary>
internal static class StepProfile
{
    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        foreach (var batchSize in options.BatchSizes) Run(batchSize, options.Repeat, output);
    }

    static void Run(int batchSize, int rounds, TextWriter output)
    {
        var steps = Math.Min(200, TrainingModel.Samples / batchSize);
        var (x, y) = TrainingModel.Data();
        // Each stage walks through the data batch by batch on models made fresh each round: training one batch over
        // and over would drive the softmax into denormal floats, which are many times slower on a CPU.
        var batches = Enumerable.Range(0, steps).Select(i => (X: x[(i * batchSize)..((i + 1) * batchSize)], Y: y[(i * batchSize)..((i + 1) * batchSize)])).ToList();
        var times = new Dictionary<string, List<double>>();
        var tensorsPerStep = new Dictionary<string, double>();
        var bytesPerStep = new Dictionary<string, double>();
        for (var round = 0; round <= rounds; round++)
        {
            var model = TrainingModel.Compiled();
            var bare = new BareTrainer(TrainingModel.New());
            var stages = new (string Name, Action<Tensor, Tensor> Step)[]
            {
                ("bare: forward", (xb, yb) => bare.Step(xb, yb, 1)),
                ("bare: + loss", (xb, yb) => bare.Step(xb, yb, 2)),
                ("bare: + gradients", (xb, yb) => bare.Step(xb, yb, 3)),
                ("bare: + update", (xb, yb) => bare.Step(xb, yb, 4)),
                ("bare: + running loss/accuracy", (xb, yb) => bare.Step(xb, yb, 5)),
                ("lib: Apply", (xb, yb) => model.Apply(xb, training: true)),
                ("lib: + ComputeLoss", (xb, yb) => model.ComputeLoss(new Outputs { yb }, model.Apply(new Inputs { xb }, training: true))),
                ("lib: + tape.Gradient", (xb, yb) => LibraryStep(model, xb, yb, 3)),
                ("lib: + ApplyGradients", (xb, yb) => LibraryStep(model, xb, yb, 4)),
                ("lib: + metrics, GetMetricsResult", (xb, yb) => LibraryStep(model, xb, yb, 5)),
                ("lib: TrainStep", (xb, yb) => model.TrainStep(new Batch(new Inputs { xb }, new Outputs { yb }))),
            };
            foreach (var (name, step) in stages)
            {
                var created = TensorsCreated();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var clock = CpuClock.StartNew();
                foreach (var (xb, yb) in batches)
                {
                    using var scope = NewDisposeScope();
                    step(xb, yb);
                }
                if (round > 0) (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(clock.Elapsed.TotalMicroseconds / steps);
                tensorsPerStep[name] = (TensorsCreated() - created) / (double)steps;
                bytesPerStep[name] = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)steps;
            }
            var fitModel = TrainingModel.Compiled();
            var fitCreated = TensorsCreated();
            var fitAllocated = GC.GetAllocatedBytesForCurrentThread();
            var fitClock = CpuClock.StartNew();
            fitModel.Fit(x[..(steps * batchSize)], y[..(steps * batchSize)], batchSize: batchSize, epochs: 1, verbose: 0);
            if (round > 0) (times.TryGetValue("Fit (shuffled batches)", out var fit) ? fit : times["Fit (shuffled batches)"] = []).Add(fitClock.Elapsed.TotalMicroseconds / steps);
            tensorsPerStep["Fit (shuffled batches)"] = (TensorsCreated() - fitCreated) / (double)steps;
            bytesPerStep["Fit (shuffled batches)"] = (GC.GetAllocatedBytesForCurrentThread() - fitAllocated) / (double)steps;
        }

        output.WriteLine($"Step profile: MLP {TrainingModel.Features}-{TrainingModel.Hidden}-{TrainingModel.Classes}, RMSprop, batch {batchSize}, {steps} steps × {rounds} rounds, threads {get_num_threads()}");
        output.WriteLine($"{"stage",-36} {"median µs/step",15} {"min",8} {"max",8} {"tensors/step",13} {"managed B/step",15}");
        foreach (var (name, list) in times)
            output.WriteLine($"{name,-36} {Statistics.Median(list),15:F1} {list.Min(),8:F1} {list.Max(),8:F1} {tensorsPerStep.GetValueOrDefault(name, double.NaN),13:F1} {bytesPerStep.GetValueOrDefault(name, double.NaN),15:F0}");
    }

    static long TensorsCreated()
    {
        var statistics = TorchSharp.DisposeScopeManager.Statistics.TensorStatistics;
        return statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount;
    }

    static void LibraryStep(Model model, Tensor x, Tensor y, int stages)
    {
        using var tape = new GradientTape();
        var predictions = model.Apply(new Inputs { x }, training: true);
        var loss = model.ComputeLoss(new Outputs { y }, predictions);
        var variables = model.TrainableWeights;
        var gradients = tape.Gradient(loss, variables);
        if (stages < 4) return;
        model.Optimizer!.ApplyGradients(gradients, variables);
        if (stages < 5) return;
        model.CompiledMetrics!.UpdateState(new Outputs { y }, predictions);
        Logs logs = model.GetMetricsResult();
    }
}
