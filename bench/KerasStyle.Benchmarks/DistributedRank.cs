using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Distribution;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// One rank of <see cref="DistributedScaling"/> (<c>KerasStyle.Benchmarks distributed-rank MODEL EPOCHS</c>, run by
/// mpirun): a Fashion-MNIST-sized model on random images, 60 steps of 64 images per process per epoch, one warm-up
/// epoch, then EPOCHS timed ones; then the all-reduce timings. Rank 0 prints one <c>BENCH {json}</c> line.
/// </summary>
internal static class DistributedRank
{
    public const string Command = "distributed-rank";
    const int PerProcessBatch = 64, Steps = 60;

    public static int Run(IReadOnlyList<string> args)
    {
        var model = args.Count > 0 ? args[0] : "mlp";
        var epochs = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        set_num_threads(1);
        var parallel = new Keras.Distribution.DataParallel();
        Keras.Distribution.SetDistribution(parallel);
        Keras.Utils.SetRandomSeed(1);
        var globalBatch = PerProcessBatch * parallel.NumProcesses;
        var samples = globalBatch * Steps;
        var x = rand(samples, 28, 28, 1);
        var y = randint(0, 10, [samples]);
        var network = model == "convnet"
            ? new Sequential([Keras.Input(shape: [28, 28, 1]), new Conv2D(32, 3, activation: "relu"), new MaxPooling2D(2),
                              new Conv2D(64, 3, activation: "relu"), new MaxPooling2D(2), new Flatten(), new Dense(10, activation: "softmax")])
            : new Sequential([Keras.Input(shape: [28, 28, 1]), new Flatten(), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);
        network.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        network.Fit(x, y, batchSize: globalBatch, epochs: 1, verbose: 0);
        var rates = new List<double>();
        for (var e = 0; e < epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            network.Fit(x, y, batchSize: globalBatch, epochs: 1, verbose: 0);
            rates.Add(samples / clock.Elapsed.TotalSeconds);
        }
        var parameters = network.CountParams();
        var (gradientMs, smallUs) = AllreduceTimings(parameters);
        if (parallel.ProcessId == 0)
            Console.WriteLine("BENCH " + JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["processes"] = parallel.NumProcesses,
                ["model"] = model,
                ["parameters"] = parameters,
                ["gradientBytes"] = parameters * 4,
                ["imagesPerSecond"] = rates,
                ["gradientAllreduceMs"] = gradientMs,
                ["smallAllreduceUs"] = smallUs,
            }));
        return 0;
    }

    // The all-reduce of one step's gradients (one bucket of float32) and of the handful of values the global logs and
    // the stop flag need, each timed after a barrier, median of repetitions.
    static (double GradientMs, double SmallUs) AllreduceTimings(long parameters)
    {
        if (!Mpi.Active) return (0, 0);
        var gradients = new float[parameters];
        var small = new double[6];
        double Median(int repeat, Action action, double scale)
        {
            var times = new List<double>();
            for (var i = 0; i < repeat; i++)
            {
                Mpi.Barrier();
                var clock = Stopwatch.StartNew();
                action();
                times.Add(clock.Elapsed.TotalSeconds * scale);
            }
            return Statistics.Median(times);
        }
        return (Median(30, () => Mpi.AllreduceSum(gradients.AsSpan()), 1e3), Median(200, () => Mpi.AllreduceSum(small.AsSpan()), 1e6));
    }
}
