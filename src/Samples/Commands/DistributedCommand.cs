using System.Diagnostics;
using System.Globalization;

namespace Samples.Commands;

/// <summary>
/// <c>distributed [--model mlp|convnet] [--epochs N] [--batch-size B] [--limit N] [--data DIR]</c>: trains a
/// Fashion-MNIST classifier with <see cref="Keras.Distribution.DataParallel"/>. Launched with
/// <c>mpirun -np 2 dotnet Samples.dll distributed</c>, every process trains a replica on its half of every batch and
/// rank 0 prints each epoch's global metrics and the final test accuracy; launched alone it trains as one process, with
/// the same result up to float rounding.
/// </summary>
public static class DistributedCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "distributed";

    /// <summary>The <c>--help</c> text.</summary>
    public const string Usage = """
        Usage: mpirun -np 2 dotnet Samples.dll distributed [--model mlp|convnet] [--epochs N] [--batch-size B] [--limit N] [--data DIR]

        Trains a Fashion-MNIST classifier on every process of the MPI job with Keras.Distribution.DataParallel: each
        process trains a replica on its share of every batch, the gradients are averaged over the processes, and rank 0
        prints each epoch's metrics (over all processes) and the test accuracy. Without mpirun it runs as one process.

          --model NAME      mlp (Flatten, Dense 128 relu, Dense 10 softmax) or convnet (two Conv2D+MaxPooling2D). Defaults to mlp.
          --epochs N        Epochs. Defaults to 5.
          --batch-size B    The global batch size, split over the processes. Defaults to 64.
          --limit N         Use only the first N training and test images (a quick run). Defaults to all.
          --data DIR        Folder of the four Fashion-MNIST IDX files. Defaults to Keras's cache folders, then Debian's.
        """;

    /// <summary>Runs the command; returns the process exit code (0, or 2 for bad arguments or missing data).</summary>
    /// <param name="args">The arguments after <c>distributed</c>.</param>
    /// <param name="output">Where rank 0's messages go (the progress comes from Fit, on the console).</param>
    /// <param name="error">Where errors go.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(Usage);
            return 0;
        }
        try
        {
            var options = Parse(args);
            Train(options, output);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException)
        {
            if (Keras.Distribution.IsChief) error.WriteLine($"distributed: {e.Message}");
            return 2;
        }
    }

    sealed record Options(string Model, int Epochs, int BatchSize, int? Limit, string? Data);

    static Options Parse(IReadOnlyList<string> args)
    {
        var options = new Options("mlp", 5, 64, null, null);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive(string option)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{option} must be a positive integer, received '{text}'.");
            }

            options = args[i] switch
            {
                "--model" => options with { Model = ModelName(Value()) },
                "--epochs" => options with { Epochs = Positive("--epochs") },
                "--batch-size" => options with { BatchSize = Positive("--batch-size") },
                "--limit" => options with { Limit = Positive("--limit") },
                "--data" => options with { Data = Value() },
                var other => throw new ArgumentException($"unknown argument '{other}'."),
            };
        }
        return options;
    }

    static string ModelName(string name) =>
        name is "mlp" or "convnet" ? name : throw new ArgumentException($"--model must be mlp or convnet, received '{name}'.");

    static void Train(Options options, TextWriter output)
    {
        var parallel = new Keras.Distribution.DataParallel();
        Keras.Distribution.SetDistribution(parallel);
        // The same seed everywhere: the replicas start alike (Fit copies rank 0's weights anyway) and rank 0 draws the shuffles.
        Keras.Utils.SetRandomSeed(7);
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData(options.Data);
        var (x, y) = Take(Pixels(trainImages), trainLabels, options.Limit);
        var (testX, testY) = Take(Pixels(testImages), testLabels, options.Limit);
        var model = options.Model == "convnet" ? Convnet() : Mlp();
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        if (parallel.ProcessId == 0)
            output.WriteLine($"{parallel.NumProcesses} process(es); each trains on {options.BatchSize / parallel.NumProcesses} of every batch of {options.BatchSize} " +
                             $"({x.shape[0]:N0} training images, {options.Model}).");
        var clock = Stopwatch.StartNew();
        model.Fit(x, y, batchSize: options.BatchSize, epochs: options.Epochs, validationSplit: 0.1, verbose: 2);
        var test = model.Evaluate(testX, testY, batchSize: 256, verbose: 0);
        if (parallel.ProcessId == 0)
            output.WriteLine($"Test accuracy: {test["accuracy"]:F4} (loss {test.Loss:F4}, {testX.shape[0]:N0} images); trained in {clock.Elapsed.TotalSeconds:F0} s.");
    }

    static Tensor Pixels(Tensor images) => (images.to(ScalarType.Float32) / 255).unsqueeze(-1);

    static (Tensor X, Tensor Y) Take(Tensor x, Tensor y, int? limit) =>
        limit is { } n && n < x.shape[0] ? (x[TensorIndex.Slice(0, n)], y[TensorIndex.Slice(0, n)]) : (x, y);

    static Model Mlp() => new Sequential([Keras.Input(shape: [28, 28, 1]), new Flatten(), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);

    static Model Convnet() => new Sequential(
    [
        Keras.Input(shape: [28, 28, 1]),
        new Conv2D(32, 3, activation: "relu"), new MaxPooling2D(2),
        new Conv2D(64, 3, activation: "relu"), new MaxPooling2D(2),
        new Flatten(), new Dense(10, activation: "softmax"),
    ]);
}
