using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.MLNet;

namespace Samples.Listings;

/// <summary>
/// The chapter's closing section: the Fashion-MNIST MLP as an ML.NET trainer — pipeline (MapValueToKey → Keras →
/// MapKeyToValue), Fit with Keras's progress bar, ML.NET's own multiclass evaluator, the history as an IDataView, Save
/// to an ML.NET zip, Load in a new process and the same predictions, and scoring speed in process vs reloaded.
/// </summary>
public sealed class MLNetFashionMnist : Listing
{
    /// <summary>Rows compared between this process and the process that reloads the zip.</summary>
    const int CheckedRows = 1000;

    /// <inheritdoc/>
    public override string Id => "mlnet";

    /// <inheritdoc/>
    public override string Title => "ML.NET: Keras trainer in a pipeline, Evaluate, Save, Load in a new process";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = FashionMnistDataView.Load(ml, settings.MaxTrainSamples, settings.MaxTrainSamples is { } n ? Math.Min(n, 10_000) : null);

        var net = new Sequential([Keras.Input(shape: [784]), new Dense(128, activation: "relu"), new Dense(10, activation: "softmax")]);
        net.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Keras(net, new KerasTrainerOptions
            {
                LabelColumnName = "Label", FeatureColumnName = "Features", Epochs = settings.Epochs(3), BatchSize = 32,
                ValidationSplit = 0.1, Callbacks = [new EarlyStopping(patience: 2)], Verbose = settings.Verbose,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var trained = pipeline.Fit(train);
        var keras = trained.OfType<KerasTransformer>().Single();

        output.WriteLine("History (keras.HistoryView):");
        using (var cursor = keras.HistoryView.GetRowCursor(keras.HistoryView.Schema))
        {
            var getters = keras.HistoryView.Schema.Skip(1).Select(c => (c.Name, Get: cursor.GetGetter<double>(c))).ToList();
            var epoch = cursor.GetGetter<int>(keras.HistoryView.Schema["Epoch"]);
            while (cursor.MoveNext())
            {
                int e = 0;
                epoch(ref e);
                output.WriteLine($"  epoch {e + 1}: " + string.Join(", ", getters.Select(g => { double v = 0; g.Get(ref v); return $"{g.Name} {v:F4}"; })));
            }
        }

        var scored = trained.Transform(test);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        output.WriteLine($"ML.NET's evaluator on {test.GetRowCount():N0} test images: MicroAccuracy {metrics.MicroAccuracy:F4}, " +
                         $"MacroAccuracy {metrics.MacroAccuracy:F4}, LogLoss {metrics.LogLoss:F4}");

        const string zip = "fashion.zip", rowsFile = "fashion-test.idv";
        ml.Model.Save(trained, train.Schema, zip);
        var checkedRows = ml.Data.TakeRows(test, CheckedRows);
        using (var stream = File.Create(rowsFile)) ml.Data.SaveAsBinary(checkedRows, stream, keepHidden: false);
        keras.ExportOnnx("fashion.onnx");
        output.WriteLine($"Saved {zip} ({new FileInfo(zip).Length / 1024:N0} KiB) and fashion.onnx; loading it in a new process...");

        var here = Predictions(trained.Transform(ml.Data.LoadFromBinary(rowsFile)));
        var (there, childRate) = ScoreInNewProcess(zip, rowsFile);
        var sameLabels = here.Zip(there).Count(p => p.First.Label == p.Second.Label);
        var maxDifference = here.Zip(there).Max(p => p.First.Scores.Zip(p.Second.Scores).Max(s => Math.Abs(s.First - s.Second)));
        output.WriteLine($"Round trip: {there.Count:N0} rows scored by the reloaded zip in a new process; same PredictedLabel for {sameLabels:N0} of {here.Count:N0}, " +
                         $"max |Score difference| {maxDifference:G3}");

        var clock = Stopwatch.StartNew();
        var rows = Consume(trained.Transform(test));
        var inProcess = rows / clock.Elapsed.TotalSeconds;
        clock.Restart();
        Consume(keras.SavedForm.Transform(test));
        var rowByRow = rows / clock.Elapsed.TotalSeconds;
        output.WriteLine($"Scoring throughput: in-process transformer (batched ONNX Runtime) {inProcess:N0} rows/s; " +
                         $"its saved form (ApplyOnnxModel, one row per call) {rowByRow:N0} rows/s; reloaded in the new process {childRate:N0} rows/s");
    }

    /// <summary>
    /// The new process's side (<c>Samples mlnet --check-zip model.zip rows.idv</c>): loads the zip in a fresh MLContext,
    /// scores the rows and prints one line per row (predicted label, then the scores), then the rows/s.
    /// </summary>
    public static int CheckZip(string zip, string rowsFile, TextWriter output)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(zip, out _);
        var data = ml.Data.LoadFromBinary(rowsFile);
        var clock = Stopwatch.StartNew();
        var predictions = Predictions(model.Transform(data));
        var rate = predictions.Count / clock.Elapsed.TotalSeconds;
        foreach (var (label, scores) in predictions)
            output.WriteLine(label + "\t" + string.Join(" ", scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))));
        output.WriteLine("rows/s\t" + rate.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>The predicted labels (as text) and scores of <paramref name="scored"/>, row by row.</summary>
    public static List<(string Label, float[] Scores)> Predictions(IDataView scored)
    {
        var result = new List<(string, float[])>();
        using var cursor = scored.GetRowCursor([scored.Schema["PredictedLabel"], scored.Schema["Score"]]);
        var label = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["PredictedLabel"]);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        ReadOnlyMemory<char> l = default;
        VBuffer<float> s = default;
        while (cursor.MoveNext())
        {
            label(ref l);
            score(ref s);
            result.Add((l.ToString(), s.DenseValues().ToArray()));
        }
        return result;
    }

    /// <summary>
    /// Starts a new process (this program with <c>mlnet --check-zip</c>) that loads <paramref name="zip"/> and scores the
    /// rows of the binary data view <paramref name="rowsFile"/>; returns its predictions and rows/s.
    /// </summary>
    public static (List<(string Label, float[] Scores)> Rows, double Rate) ScoreInNewProcess(string zip, string rowsFile)
    {
        var assembly = typeof(MLNetFashionMnist).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { assembly, "mlnet", "--check-zip", Path.GetFullPath(zip), Path.GetFullPath(rowsFile) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{host}'.");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Count == 0 || !lines[^1].StartsWith("rows/s\t", StringComparison.Ordinal))
            throw new InvalidOperationException($"The process that reloads the zip failed (exit {process.ExitCode}): {stderr.Result}{string.Join("\n", lines.TakeLast(5))}");
        var rows = lines.SkipLast(1).Select(line => line.Split('\t')).Select(p => (p[0], p[1].Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())).ToList();
        return (rows, double.Parse(lines[^1].Split('\t')[1], CultureInfo.InvariantCulture));
    }

    static long Consume(IDataView scored)
    {
        using var cursor = scored.GetRowCursor([scored.Schema["Score"]]);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> s = default;
        long rows = 0;
        while (cursor.MoveNext())
        {
            score(ref s);
            rows++;
        }
        return rows;
    }
}
