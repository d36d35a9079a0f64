using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Demo;

/// <summary>
/// The main demo: a Keras-style convnet on Fashion-MNIST — Summary, PlotModel, training with EarlyStopping,
/// ModelCheckpoint and TensorBoard, ML.NET's evaluation, the training curves, ONNX export checked against ONNX Runtime,
/// the ML.NET model zip saved and reloaded, and a few test images with their predicted classes.
/// </summary>
public static class FashionMnistDemo
{
    /// <summary>Test images shown with their predictions, in the console and in the PNG grid.</summary>
    public const int ShownImages = 12;

    /// <summary>Test rows compared between Predict and ONNX Runtime, and between the pipeline and its reloaded zip.</summary>
    public const int ParityImages = 1_000;

    const int Seed = 42;

    /// <summary>Runs every step, writing what it does to <paramref name="output"/> and its files to the output folder.</summary>
    /// <param name="options">Epochs, folders and image counts.</param>
    /// <param name="output">Where the demo's report goes (the training progress bar goes to the console).</param>
    /// <exception cref="MissingDatasetException">Fashion-MNIST was not found.</exception>
    public static DemoResult Run(DemoOptions options, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateDirectory(Path.GetFullPath(options.OutputDirectory)).FullName;
        string InFolder(string name) => Path.Combine(folder, name);
        var steps = new DemoSteps(output, clock);
        var classNames = Keras.Datasets.FashionMnist.ClassNames;
        Keras.Utils.SetRandomSeed(Seed);
        var ml = new MLContext(Seed);

        var data = steps.Run("Loading Fashion-MNIST", () => FashionMnistSplits.Load(options));
        output.WriteLine($"  {data.Train.Length:N0} training, {data.Validation.Length:N0} validation and {data.Test.Length:N0} test images of 28×28 pixels, 10 classes");

        var model = DemoModel.Build();
        steps.Run("Model", () => model.Summary(printFn: output.Write));
        steps.Run("PlotModel", () => PlotModel(model, InFolder(DemoFiles.ModelPlot), output));

        var logDirectory = Path.Combine(InFolder(DemoFiles.TensorBoardLogs), DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Callback[] callbacks =
        [
            new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true),
            new ModelCheckpoint(InFolder(DemoFiles.Checkpoint), monitor: "val_loss", saveBestOnly: true),
            new TensorBoard(logDir: logDirectory),
        ];
        var trained = steps.Run($"Training (up to {options.Epochs} epochs, batch {DemoTraining.BatchSize})",
                                () => DemoTraining.Train(ml, model, data, options, callbacks));
        var epochs = trained.History.Epoch.Count;
        output.WriteLine($"  {epochs} epoch{(epochs == 1 ? "" : "s")}; best model in {InFolder(DemoFiles.Checkpoint)}; TensorBoard: tensorboard --logdir {InFolder(DemoFiles.TensorBoardLogs)}");

        var testView = ml.Data.LoadFromEnumerable(data.Test);
        var scored = trained.Pipeline.Transform(testView);
        var metrics = steps.Run("ML.NET Evaluate on the test images", () => ml.MulticlassClassification.Evaluate(scored));
        output.WriteLine($"  accuracy {metrics.MicroAccuracy:F4} (macro {metrics.MacroAccuracy:F4}), log-loss {metrics.LogLoss:F4}");
        output.Write(Indent(ConfusionTable.Format(metrics.ConfusionMatrix, classNames)));

        steps.Run("Training curves", () => output.WriteLine("  " + trained.History.Plot(InFolder(DemoFiles.TrainingCurves))));

        var parityRows = data.Test.Take(ParityImages).Select(r => r.Features).ToList();
        var (maxDifference, sameClass) = steps.Run("ONNX export and ONNX Runtime parity", () =>
        {
            trained.Model.ExportOnnx(InFolder(DemoFiles.Onnx));
            return OnnxParityCheck.Compare(trained.Model, InFolder(DemoFiles.Onnx), parityRows);
        });
        output.WriteLine($"  {InFolder(DemoFiles.Onnx)}");
        output.WriteLine($"  ONNX parity: max |Predict − ONNX Runtime| = {maxDifference.ToString("E2", CultureInfo.InvariantCulture)} over {parityRows.Count:N0} test images " +
                         $"({(maxDifference <= OnnxParityCheck.Tolerance ? "within" : "OUTSIDE")} {OnnxParityCheck.Tolerance:0e0}); same class for {sameClass:N0}");

        // The reloaded zip scores one row per ONNX Runtime call (ML.NET's ApplyOnnxModel): compared on the first rows only.
        var comparedRows = ml.Data.TakeRows(testView, ParityImages);
        var reloadedMatch = steps.Run("ML.NET model zip: save and reload", () =>
            DemoPersistence.SaveAndCompare(ml, trained.Pipeline, comparedRows, InFolder(DemoFiles.MLNetModel), ml.Data.TakeRows(scored, ParityImages), output));

        steps.Run("Test images and predictions", () => ShowPredictions(scored, data.Test, classNames, InFolder(DemoFiles.Predictions), output));

        output.WriteLine();
        output.WriteLine($"Test accuracy {metrics.MicroAccuracy:F4}, log-loss {metrics.LogLoss:F4}, in {clock.Elapsed.TotalSeconds:F0} s.");
        output.WriteLine($"Everything the demo wrote is in {folder}:");
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
            output.WriteLine("  " + Path.GetFileName(entry) + (Directory.Exists(entry) ? "/" : ""));
        return new DemoResult(folder, metrics.MicroAccuracy, metrics.LogLoss, maxDifference, reloadedMatch, clock.Elapsed);
    }

    static void ShowPredictions(IDataView scored, FashionImage[] test, IReadOnlyList<string> classNames, string path, TextWriter output)
    {
        var shown = Math.Min(ShownImages, test.Length);
        var predictedClasses = scored.GetColumn<uint>(DemoTraining.PredictedClassColumn).Take(shown).ToList();
        var confidences = scored.GetColumn<float[]>("Score").Take(shown).Select(s => s.Max()).ToList();
        var predicted = predictedClasses.Select(c => classNames[(int)c]).ToList();
        var actual = test.Take(shown).Select(r => classNames[(int)r.Label]).ToList();
        for (var i = 0; i < shown; i++)
            output.WriteLine($"  test image {i,2}: predicted {predicted[i],-12} ({confidences[i] * 100,3:F0}%)  true {actual[i],-12}{(predicted[i] == actual[i] ? "" : "  ✗")}");
        PredictionGrid.Save(path, test.Take(shown).Select(r => r.Features).ToList(), predicted, actual);
        output.WriteLine("  " + path);
    }

    // Without Graphviz the drawing is skipped (PlotModel still writes the .dot text), and the demo goes on.
    static void PlotModel(Model model, string path, TextWriter output)
    {
        try
        {
            output.WriteLine("  " + Keras.Utils.PlotModel(model, path, showShapes: true));
        }
        catch (InvalidOperationException noGraphviz)
        {
            output.WriteLine("  skipped: " + noGraphviz.Message);
        }
    }

    static string Indent(string text) => string.Join("", text.Split('\n').Select(l => l.Length > 0 ? "  " + l + "\n" : ""));
}
