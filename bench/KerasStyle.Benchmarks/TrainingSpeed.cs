using System.Diagnostics;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Training;
using TorchSharp;
using static TorchSharp.torch;
using KerasLoss = Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy;

namespace KerasStyle.Benchmarks;

/// <summary>
/// Epoch time of four ways to train the same MLP (784-128-10, RMSprop with Keras's formula, sparse crossentropy,
/// batch 32, same data and threads): a bare TorchSharp loop, Fit, a hand-written loop with GradientTape (7-4-3 style),
/// and Fit on a model whose TrainStep is overridden (7-4-5 style). Targets: Fit ≤ 1.05 × bare, custom loop and
/// overridden TrainStep ≤ 1.10 × Fit. Runs alternate and repeat; medians are compared.
/// </summary>
internal static class TrainingSpeed
{
    const int Samples = 16_000, Features = 784, Hidden = 128, Classes = 10;

    sealed class OverriddenModel(KerasTensor inputs, KerasTensor outputs) : Model(inputs, outputs)
    {
        public override Logs TrainStep(Batch data)
        {
            var (x, y) = data;
            using var tape = new GradientTape();
            var predictions = Apply(x, training: true);
            var loss = ComputeLoss(y, predictions);
            Optimizer!.ApplyGradients(tape.Gradient(loss, TrainableWeights), TrainableWeights);
            ((Mean)Metrics[0]).UpdateState(loss);
            CompiledMetrics!.UpdateState(y, predictions);
            return Metrics.ToLogs();
        }
    }

    static Model NewModel(bool overridden)
    {
        manual_seed(7);
        var inputs = Keras.Input(shape: [Features]);
        var outputs = new Dense(Classes, activation: "softmax").Apply(new Dense(Hidden, activation: "relu").Apply(inputs));
        return overridden ? new OverriddenModel(inputs, outputs) : new Model(inputs, outputs);
    }

    public static void Run(int batchSize, int repetitions, TextWriter output)
    {
        manual_seed(1);
        var x = rand(Samples, Features);
        var y = randint(0, Classes, [Samples]);
        var runners = new (string Name, Func<double> Run)[]
        {
            ("bare TorchSharp loop", () => BareLoop(x, y, batchSize)),
            ("Fit", () => FitEpoch(x, y, batchSize, overridden: false)),
            ("custom loop (GradientTape)", () => CustomLoop(x, y, batchSize)),
            ("Fit, overridden TrainStep", () => FitEpoch(x, y, batchSize, overridden: true)),
        };
        var times = runners.ToDictionary(r => r.Name, _ => new List<double>());
        foreach (var r in runners) r.Run(); // warm-up: JIT, allocator, thread pool
        for (var i = 0; i < repetitions; i++)
            foreach (var r in runners) times[r.Name].Add(r.Run());

        output.WriteLine($"Training speed: MLP {Features}-{Hidden}-{Classes}, RMSprop, {Samples} samples, batch {batchSize}, {repetitions} repetitions, threads {get_num_threads()}");
        output.WriteLine($"{"way",-28} {"median s/epoch",15} {"min",8} {"max",8}");
        foreach (var (name, list) in times)
            output.WriteLine($"{name,-28} {Median(list),15:F3} {list.Min(),8:F3} {list.Max(),8:F3}");
        var fit = Median(times["Fit"]);
        output.WriteLine($"Fit / bare loop = {fit / Median(times["bare TorchSharp loop"]):F3} (target ≤ 1.05)");
        output.WriteLine($"custom loop / Fit = {Median(times["custom loop (GradientTape)"]) / fit:F3} (target ≤ 1.10)");
        output.WriteLine($"overridden TrainStep / Fit = {Median(times["Fit, overridden TrainStep"]) / fit:F3} (target ≤ 1.10)");
    }

    static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static double FitEpoch(Tensor x, Tensor y, int batchSize, bool overridden)
    {
        var model = NewModel(overridden);
        model.Compile(optimizer: new RMSprop(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var clock = Stopwatch.StartNew();
        model.Fit(x, y, batchSize: batchSize, epochs: 1, verbose: 0);
        return clock.Elapsed.TotalSeconds;
    }

    static double CustomLoop(Tensor x, Tensor y, int batchSize)
    {
        var model = NewModel(overridden: false);
        var lossFn = new KerasLoss();
        var optimizer = new RMSprop();
        var accuracy = new SparseCategoricalAccuracy();
        var lossTracker = new Mean(name: "loss");
        var clock = Stopwatch.StartNew();
        using (var order = randperm(Samples))
            for (long start = 0; start < Samples; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var index = order[TensorIndex.Slice(start, Math.Min(start + batchSize, Samples))];
                var (inputs, targets) = (x.index_select(0, index), y.index_select(0, index));
                using var tape = new GradientTape();
                var predictions = model.Apply(inputs, training: true);
                var loss = lossFn.Call(targets, predictions);
                var gradients = tape.Gradient(loss, model.TrainableWeights);
                optimizer.ApplyGradients(gradients, model.TrainableWeights);
                accuracy.UpdateState(targets, predictions);
                lossTracker.UpdateState(loss);
                var logs = new Logs { [accuracy.Name] = accuracy.Result(), ["loss"] = lossTracker.Result() };
            }
        return clock.Elapsed.TotalSeconds;
    }

    // What a TorchSharp user writes by hand: the same forward pass, crossentropy with Keras's clipping, autograd, and
    // Keras's RMSprop update (velocity = ρ v + (1 − ρ) g², w −= lr · g / sqrt(velocity + ε)).
    static double BareLoop(Tensor x, Tensor y, int batchSize)
    {
        var model = NewModel(overridden: false);
        var weights = model.TrainableWeights.Select(w => (Tensor)w.Value).ToList();
        var velocities = weights.Select(w => zeros_like(w).DetachFromDisposeScope()).ToList();
        const double lr = 0.001, rho = 0.9, epsilon = 1e-7;
        var clock = Stopwatch.StartNew();
        using (var order = randperm(Samples))
            for (long start = 0; start < Samples; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var index = order[TensorIndex.Slice(start, Math.Min(start + batchSize, Samples))];
                var (inputs, targets) = (x.index_select(0, index), y.index_select(0, index));
                var hidden = nn.functional.relu(matmul(inputs, weights[0]) + weights[1]);
                var probabilities = softmax(matmul(hidden, weights[2]) + weights[3], -1);
                var picked = probabilities.clamp(1e-7, 1 - 1e-7).gather(1, targets.unsqueeze(1));
                var loss = -picked.log().mean();
                var gradients = autograd.grad([loss], weights);
                using (no_grad())
                    for (var i = 0; i < weights.Count; i++)
                    {
                        velocities[i].mul_(rho).add_(gradients[i].square() * (1 - rho));
                        weights[i].sub_(gradients[i] * lr / (velocities[i] + epsilon).sqrt());
                    }
                var accuracy = (probabilities.argmax(-1) == targets).to(ScalarType.Float32).mean().item<float>();
                var lossValue = loss.item<float>();
            }
        foreach (var v in velocities) v.Dispose();
        return clock.Elapsed.TotalSeconds;
    }
}
