using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace Samples.Listings;

/// <summary>
/// ONNX deployment: train a small CNN on Fashion-MNIST, export it with <c>ExportOnnx</c>, reload it in ONNX Runtime,
/// check that both give the same outputs, and time both (batch-1 latency and batch throughput); then serve the same
/// file through ML.NET's <c>ApplyOnnxModel</c> (one row per call) and time that too.
/// </summary>
public sealed class OnnxDeployment : Listing
{
    /// <inheritdoc/>
    public override string Id => "onnx";

    /// <inheritdoc/>
    public override string Title => "ONNX export: train, ExportOnnx, run in ONNX Runtime, compare outputs and speed";

    const string OnnxPath = "fashion_mnist_cnn.onnx";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        // Shortened runs (tests) time fewer calls on fewer rows.
        var quick = settings.MaxTrainSamples is not null;
        var latencyCalls = quick ? 50 : 1000;
        var throughputRows = quick ? 1000 : 10_000;

        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData();
        var train = settings.Take(Prepare(trainImages)[..Math.Min(12_000, (int)trainImages.shape[0])]);
        var labels = train.shape[0] == trainLabels.shape[0] ? trainLabels : trainLabels[..(int)train.shape[0]];
        var test = Prepare(testImages);
        output.WriteLine($"Fashion-MNIST: training on {train.shape[0]:N0} images, testing on {test.shape[0]:N0}");

        var model = new Sequential([
            Keras.Input(shape: [28, 28, 1], name: "image"),
            new Conv2D(32, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Conv2D(64, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dropout(0.5),
            new Dense(64, activation: "relu"),
            new Dense(10, activation: "softmax", name: "class_probabilities"),
        ], name: "fashion_mnist_cnn");
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        model.Fit(train, labels, epochs: settings.Epochs(1), batchSize: 64, verbose: settings.Verbose);
        var accuracy = model.Evaluate(test, testLabels, verbose: 0)["accuracy"];
        output.WriteLine($"Test accuracy (Evaluate): {accuracy:F4}");

        model.ExportOnnx(OnnxPath);
        output.WriteLine($"Exported {OnnxPath}: {new FileInfo(OnnxPath).Length / 1024.0:F0} KB, opset {Keras.Onnx.DefaultOpset}");

        using var session = new InferenceSession(OnnxPath);
        var inputName = session.InputNames[0];
        var outputName = session.OutputNames[0];
        output.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}: input '{inputName}' {Describe(session.InputMetadata[inputName])} → output '{outputName}' {Describe(session.OutputMetadata[outputName])}");

        // Outputs: the same test images through both.
        var rows = Math.Min(throughputRows, (int)test.shape[0]);
        var batch = test[..rows].contiguous();
        var pixels = batch.data<float>().ToArray();
        var predicted = ((Tensor)model.Predict(batch, batchSize: rows, verbose: 0)).contiguous().data<float>().ToArray();
        var onnx = OnnxScoring.Run(session, pixels, [rows, 28, 28, 1]);
        var maxDifference = predicted.Zip(onnx, (a, b) => Math.Abs(a - b)).Max();
        var agreeing = Enumerable.Range(0, rows).Count(r => OnnxScoring.ArgMax(predicted, r, 10) == OnnxScoring.ArgMax(onnx, r, 10));
        var truth = testLabels[..rows].data<long>().ToArray();
        var onnxAccuracy = Enumerable.Range(0, rows).Count(r => OnnxScoring.ArgMax(onnx, r, 10) == truth[r]) / (double)rows;
        output.WriteLine($"Max |Predict − ONNX Runtime| over {rows:N0} test images: {maxDifference.ToString("E2", CultureInfo.InvariantCulture)}; " +
                         $"same predicted class for {agreeing:N0} of {rows:N0}");
        output.WriteLine($"Accuracy of the ONNX model on those images: {onnxAccuracy:F4}");

        // Latency: one image per call, median of many calls after a warm-up.
        var single = pixels[..(28 * 28)];
        var one = batch[..1];
        var onnxLatency = MedianMilliseconds(latencyCalls, () => OnnxScoring.Run(session, single, [1, 28, 28, 1]));
        var predictLatency = MedianMilliseconds(latencyCalls, () => model.Predict(one, batchSize: 1, verbose: 0)[0].Dispose());
        output.WriteLine($"Batch-1 latency, median of {latencyCalls:N0} calls: ONNX Runtime {onnxLatency:F3} ms, Predict {predictLatency:F3} ms");

        // Throughput: the whole batch in one call.
        var onnxRate = RowsPerSecond(rows, () => OnnxScoring.Run(session, pixels, [rows, 28, 28, 1]));
        var predictRate = RowsPerSecond(rows, () => model.Predict(batch, batchSize: rows, verbose: 0)[0].Dispose());
        output.WriteLine($"Batch-{rows:N0} throughput: ONNX Runtime {onnxRate:N0} rows/s, Predict {predictRate:N0} rows/s");

        // The same file served by ML.NET: ApplyOnnxModel maps the image column to the output column, row by row.
        var ml = new MLContext(seed: 1);
        var images = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r => new ImageRow { Image = pixels[(r * 784)..((r + 1) * 784)] }));
        var served = ml.Transforms.ApplyOnnxModel(outputColumnName: outputName, inputColumnName: inputName, modelFile: OnnxPath).Fit(images);
        var mlnetScores = new float[rows * 10];
        var mlnetRate = RowsPerSecond(rows, () =>
        {
            var scored = served.Transform(images);
            using var cursor = scored.GetRowCursor([scored.Schema[outputName]]);
            var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema[outputName]);
            VBuffer<float> values = default;
            var r = 0;
            while (cursor.MoveNext())
            {
                getter(ref values);
                values.DenseValues().ToArray().CopyTo(mlnetScores, 10 * r++);
            }
        });
        var mlnetDifference = predicted.Zip(mlnetScores, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"ML.NET ApplyOnnxModel on the same {rows:N0} images: {mlnetRate:N0} rows/s (one row per call), " +
                         $"max |Predict − ML.NET| {mlnetDifference.ToString("E2", CultureInfo.InvariantCulture)}");
    }

    /// <summary>One image for ML.NET, shaped as the ONNX input (28, 28, 1).</summary>
    public sealed class ImageRow
    {
        /// <summary>The pixels in [0, 1], row by row.</summary>
        [VectorType(28, 28, 1)]
        [ColumnName("image")]
        public float[] Image { get; set; } = [];
    }

    // uint8 (N, 28, 28) → float32 (N, 28, 28, 1) in [0, 1].
    static Tensor Prepare(Tensor images) => (images.to(ScalarType.Float32) / 255f).unsqueeze(-1);

    static string Describe(NodeMetadata meta) =>
        "[" + string.Join(", ", meta.Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : meta.SymbolicDimensions[i])) + "]";

    static double MedianMilliseconds(int calls, Action call)
    {
        for (var i = 0; i < 10; i++) call();
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return calls % 2 == 1 ? times[calls / 2] : (times[calls / 2 - 1] + times[calls / 2]) / 2;
    }

    static double RowsPerSecond(int rows, Action call)
    {
        call(); // warm-up
        var start = Stopwatch.GetTimestamp();
        call();
        return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
