using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.KerasStyle.Losses;

namespace Samples.Commands;

/// <summary>
/// <c>finetune MODEL [--data DIR] [--epochs N] [--batch-size B] [--save OUT.keras]</c>: loads a compiled Keras model
/// of Fashion-MNIST (e.g. the fixture <c>fashion_cnn_keras3.10.keras</c>) with its optimizer state, prints its test
/// accuracy, trains it further on the training set from that state, and prints the accuracy again.
/// </summary>
public static class FineTuneCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "finetune";

    /// <summary>The <c>--help</c> text.</summary>
    public const string Usage = """
        Usage: Samples finetune MODEL [--data DIR] [--epochs N] [--batch-size B] [--save OUT.keras]

        Loads MODEL (.keras or legacy .h5, compiled, with its optimizer state), prints its accuracy on the Fashion-MNIST
        test set, trains it for N more epochs on the training set from its restored optimizer state, and prints the
        accuracy again. Images are pixels / 255, shaped (N, 28, 28, 1), or (N, 784) when the model takes vectors.

          --data DIR        Folder of the four Fashion-MNIST IDX files. Defaults to Keras's cache folders, then Debian's.
          --epochs N        Epochs of further training. Defaults to 1.
          --batch-size B    Batch size. Defaults to 32 (Keras's default).
          --save FILE       Saves the fine-tuned model there (.keras). Defaults to not saving.
        """;

    /// <summary>Runs the command; returns the process exit code (0, or 2 for bad arguments or files).</summary>
    /// <param name="args">The arguments after <c>finetune</c>.</param>
    /// <param name="output">Where the progress and accuracies go.</param>
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
            var (model, data, epochs, batchSize, save) = Parse(args);
            FineTune(model, data, epochs, batchSize, save, output);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or InvalidOperationException)
        {
            error.WriteLine($"finetune: {e.Message}");
            return 2;
        }
    }

    static (string Model, string? Data, int Epochs, int BatchSize, string? Save) Parse(IReadOnlyList<string> args)
    {
        string? model = null, data = null, save = null;
        int epochs = 1, batchSize = 32;
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

            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--save": save = Value(); break;
                case "--epochs": epochs = Positive("--epochs"); break;
                case "--batch-size": batchSize = Positive("--batch-size"); break;
                case var option when option.StartsWith('-'): throw new ArgumentException($"unknown option '{option}'.");
                default: model = model is null ? args[i] : throw new ArgumentException($"one model file is expected, received '{model}' and '{args[i]}'."); break;
            }
        }
        return (model ?? throw new ArgumentException("the model file is missing (the first argument)."), data, epochs, batchSize, save);
    }

    static void FineTune(string modelPath, string? data, int epochs, int batchSize, string? save, TextWriter output)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"the model file '{modelPath}' does not exist.", modelPath);
        var model = Keras.Models.LoadModel(modelPath);
        if (!model.Compiled || model.Optimizer is not { } optimizer)
            throw new InvalidOperationException($"'{modelPath}' holds no compile config, so there is no loss or optimizer state to continue from.");
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData(data);
        var flat = model.InputTensors.Single().Shape.Length == 2;
        Tensor Pixels(Tensor images) => (images.to(ScalarType.Float32) / 255).reshape(flat ? [images.shape[0], 784] : [images.shape[0], 28, 28, 1]);
        // A categorical loss takes one-hot labels; a sparse one takes the class numbers.
        var oneHot = model.CompiledLosses.Any(l => l is CategoricalCrossentropy);
        Tensor Labels(Tensor labels) => oneHot ? nn.functional.one_hot(labels, 10).to(ScalarType.Float32) : labels;
        var (x, y, testX, testY) = (Pixels(trainImages), Labels(trainLabels), Pixels(testImages), Labels(testLabels));

        output.WriteLine($"Loaded '{modelPath}': optimizer {optimizer.GetType().Name}, {optimizer.IterationCount} steps restored, learning rate {optimizer.LearningRate:G4}.");
        var before = model.Evaluate(testX, testY, batchSize: 256, verbose: 0);
        output.WriteLine($"Before: test loss {before.Loss:F4}, test accuracy {before["accuracy"]:F4} ({testX.shape[0]} images)");
        var clock = Stopwatch.StartNew();
        model.Fit(x, y, epochs: epochs, batchSize: batchSize, verbose: 0);
        output.WriteLine($"Trained {epochs} epoch(s) on {x.shape[0]} images in {clock.Elapsed.TotalSeconds:F0} s; the optimizer is at step {optimizer.IterationCount}.");
        var after = model.Evaluate(testX, testY, batchSize: 256, verbose: 0);
        output.WriteLine($"After:  test loss {after.Loss:F4}, test accuracy {after["accuracy"]:F4}");
        if (save is not null)
        {
            model.Save(save);
            output.WriteLine($"Saved the fine-tuned model to '{save}'.");
        }
    }
}
