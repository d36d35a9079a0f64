using System.Diagnostics;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using static TorchSharp.torch;
using KerasLoss = Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Training speed of four ways to train the same model (<see cref="TrainingModel"/>) for one epoch on the same data
/// and threads: a bare TorchSharp loop (<see cref="BareTrainer"/>), Fit, a hand-written GradientTape loop over a
/// Dataset as in listing 7-4-3, and Fit on a model whose TrainStep is overridden (7-4-5). Runs alternate (A B C D A B C
/// D …) after one warm-up run each, so the machine's noise hits every way alike. Fit and the bare loop are also timed
/// with their steps in turn (<see cref="InterleavedSteps"/>): on this shared machine, whose speed drifts by tens of
/// percent within seconds, that is the precise figure (its spread is about ±1 %, the epochs' ±30 %). Targets: Fit ≤ 1.05 ×
/// the bare loop's time, the custom loop and the overridden TrainStep ≤ 1.10 × Fit's.
/// </summary>
internal static class TrainingSpeed
{
    const string Bare = "bare TorchSharp loop", Fit = "Fit", Custom = "custom loop (GradientTape, 7-4-3)", Overridden = "Fit, overridden TrainStep (7-4-5)";

    public static void Run(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        foreach (var batchSize in options.BatchSizes) Run(batchSize, options.Repeat, report, output);
    }

    static void Run(int batchSize, int repetitions, BenchmarkReport report, TextWriter output)
    {
        var group = $"training speed, batch {batchSize}";
        var (x, y) = TrainingModel.Data();
        var steps = (TrainingModel.Samples + batchSize - 1) / batchSize;
        output.WriteLine($"Training speed: MLP {TrainingModel.Features}-{TrainingModel.Hidden}-{TrainingModel.Classes}, RMSprop (Keras's formula), " +
                         $"{TrainingModel.Samples} samples, batch {batchSize} ({steps} steps/epoch), {repetitions} repetitions, threads {get_num_threads()}");
        CheckSameResult(x, y, batchSize, output);

        var ways = new (string Name, Func<Timing> Run)[]
        {
            (Bare, () => BareEpoch(x, y, batchSize)),
            (Fit, () => FitEpoch(x, y, batchSize, overridden: false)),
            (Custom, () => CustomLoopEpoch(x, y, batchSize)),
            (Overridden, () => FitEpoch(x, y, batchSize, overridden: true)),
        };
        var loadBefore = MachineLoad.LoadAverage();
        foreach (var (_, run) in ways) run(); // warm-up: JIT, allocator, thread pool
        var times = ways.ToDictionary(w => w.Name, _ => new List<double>());
        var cpu = ways.ToDictionary(w => w.Name, _ => new List<double>());
        for (var i = 0; i < repetitions; i++)
            foreach (var (name, run) in ways)
            {
                var timing = run();
                times[name].Add(timing.Wall);
                cpu[name].Add(timing.Cpu);
                if (!Console.IsOutputRedirected) output.Write($"\r  repetition {i + 1}/{repetitions}: {name,-36}");
            }
        if (!Console.IsOutputRedirected) output.WriteLine();

        foreach (var (name, list) in times) report.Add(group, name, "steps/s", list.Select(t => steps / t).ToList());
        report.Note(group, $"{steps} steps per run, {repetitions} runs of each way interleaved after a warm-up, threads {get_num_threads()}, " +
                           $"{Environment.ProcessorCount} processors, load average {loadBefore} before and {MachineLoad.LoadAverage()} after; ratios are medians of the runs paired in order (min–max shown).");
        var (fitSteps, bareSteps) = StepByStep(x, y, batchSize, repetitions);
        report.Add(group, "Fit, step by step between bare steps", "steps/s", fitSteps.Select(t => steps / t).ToList());
        report.Add(group, "bare loop, step by step between Fit steps", "steps/s", bareSteps.Select(t => steps / t).ToList());
        Ratio(report, group, "Fit time / bare loop time (epochs in turn)", times[Fit], times[Bare], 1.05);
        Ratio(report, group, "Fit time / bare loop time (steps in turn)", fitSteps, bareSteps, 1.05);
        Ratio(report, group, "custom loop time / Fit time", times[Custom], times[Fit], 1.10);
        Ratio(report, group, "overridden TrainStep time / Fit time", times[Overridden], times[Fit], 1.10);
        // Processor time of the process per step: what a step costs, much less disturbed by other processes.
        var cpuGroup = $"training CPU time, batch {batchSize}";
        foreach (var (name, list) in cpu) report.Add(cpuGroup, name, "CPU ms/step", list.Select(t => t * 1000 / steps).ToList());
        Ratio(report, cpuGroup, "Fit CPU / bare loop CPU", cpu[Fit], cpu[Bare], 1.05);
        Ratio(report, cpuGroup, "custom loop CPU / Fit CPU", cpu[Custom], cpu[Fit], 1.10);
        Ratio(report, cpuGroup, "overridden TrainStep CPU / Fit CPU", cpu[Overridden], cpu[Fit], 1.10);
    }

    // The median of the paired ratios: each pair ran back to back, so a slow spell of this shared machine (its speed
    // drifts by tens of percent over seconds) divides out instead of landing on whichever way ran during it.
    static void Ratio(BenchmarkReport report, string group, string name, List<double> numerator, List<double> denominator, double limit)
    {
        var paired = numerator.Zip(denominator, (a, b) => a / b).ToList();
        report.Judge(group, name, Statistics.Median(paired), limit, (paired.Min(), paired.Max()));
    }

    // The bare loop is only a fair yardstick if it does Fit's work: from the same weights and batch order it must end
    // with the same weights, loss and accuracy.
    static void CheckSameResult(Tensor x, Tensor y, int batchSize, TextWriter output)
    {
        var bareModel = TrainingModel.New();
        manual_seed(3);
        var (bareLoss, bareAccuracy) = new BareTrainer(bareModel).Epoch(x, y, batchSize);
        var fitModel = TrainingModel.Compiled();
        manual_seed(3);
        var history = fitModel.Fit(x, y, batchSize: batchSize, epochs: 1, verbose: 0);
        var largest = bareModel.TrainableWeights.Zip(fitModel.TrainableWeights)
            .Max(p => (p.First.Value - p.Second.Value).abs().max().item<float>());
        output.WriteLine($"  same work: after one epoch from the same weights and batch order, bare loop vs Fit: max |Δweight| = {largest:G3}, " +
                         $"loss {bareLoss:F5} vs {history["loss"][0]:F5}, accuracy {bareAccuracy:F5} vs {history["accuracy"][0]:F5}");
    }

    /// <summary>Only the step-by-step comparison of Fit and the bare loop (quick; the figure the speed benchmark judges first).</summary>
    public static void RunStepByStep(BenchmarkOptions options, BenchmarkReport report, TextWriter output)
    {
        foreach (var batchSize in options.BatchSizes)
        {
            var (x, y) = TrainingModel.Data();
            var steps = (TrainingModel.Samples + batchSize - 1) / batchSize;
            var (fit, bare) = StepByStep(x, y, batchSize, options.Repeat);
            var group = $"Fit vs bare loop, steps in turn, batch {batchSize}";
            report.Add(group, "Fit", "µs/step", fit.Select(t => t * 1e6 / steps).ToList());
            report.Add(group, "bare loop", "µs/step", bare.Select(t => t * 1e6 / steps).ToList());
            Ratio(report, group, "Fit time / bare loop time (steps in turn)", fit, bare, 1.05);
        }
    }

    // Fit with a callback that runs one bare step after each of Fit's steps (InterleavedSteps): per run, the seconds of
    // Fit's steps and of the bare steps, alternating every millisecond.
    static (List<double> Fit, List<double> Bare) StepByStep(Tensor x, Tensor y, int batchSize, int repetitions)
    {
        var fit = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i <= repetitions; i++)
        {
            var timer = new InterleavedSteps(new BareTrainer(TrainingModel.New()), x, y, batchSize);
            var model = TrainingModel.Compiled();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            model.Fit(x, y, batchSize: batchSize, epochs: 1, verbose: 0, callbacks: [timer]);
            if (i == 0) continue; // warm-up
            fit.Add(timer.FitSeconds);
            bare.Add(timer.BareSeconds);
        }
        return (fit, bare);
    }


    // Wall-clock and process processor time of one run, in seconds.
    readonly record struct Timing(double Wall, double Cpu)
    {
        public static Timing Of(Action run)
        {
            // Start each way from a clean heap: the models of earlier runs are garbage whose tensors would otherwise be
            // freed by finalizers during (and be charged to) whichever run comes next.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var (clock, cpu) = (Stopwatch.StartNew(), CpuClock.StartNew());
            run();
            return new Timing(clock.Elapsed.TotalSeconds, cpu.Elapsed.TotalSeconds);
        }
    }

    static Timing BareEpoch(Tensor x, Tensor y, int batchSize)
    {
        var trainer = new BareTrainer(TrainingModel.New());
        return Timing.Of(() => trainer.Epoch(x, y, batchSize));
    }

    static Timing FitEpoch(Tensor x, Tensor y, int batchSize, bool overridden)
    {
        var model = TrainingModel.Compiled(overridden);
        return Timing.Of(() => model.Fit(x, y, batchSize: batchSize, epochs: 1, verbose: 0));
    }

    // Listing 7-4-3's loop: a Dataset, a GradientTape step returning logs each step, no dispose scope in user code.
    static Timing CustomLoopEpoch(Tensor x, Tensor y, int batchSize)
    {
        var model = TrainingModel.New();
        var lossFn = new KerasLoss();
        var optimizer = new RMSprop();
        var accuracy = new SparseCategoricalAccuracy();
        var lossTracker = new Mean(name: "loss");
        var dataset = Dataset.FromTensorSlices(x, y).Shuffle(bufferSize: TrainingModel.Samples, seed: 1).Batch(batchSize);
        return Timing.Of(() =>
        {
            var logs = new Logs();
            foreach (var (inputs, targets) in dataset)
            {
                using var tape = new GradientTape();
                var predictions = model.Apply(inputs, training: true);
                var loss = lossFn.Call(targets, predictions);
                var gradients = tape.Gradient(loss, model.TrainableWeights);
                optimizer.ApplyGradients(gradients, model.TrainableWeights);
                accuracy.UpdateState(targets, predictions);
                lossTracker.UpdateState(loss);
                logs = new Logs { [accuracy.Name] = accuracy.Result(), ["loss"] = lossTracker.Result() };
            }
        });
    }
}
