using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Utils;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class TensorBoardTests : KerasTestBase
{
    string logDir = "";

    [TestInitialize]
    public void MakeLogDir() => logDir = Path.Combine(Path.GetTempPath(), "kerasstyle-tensorboard-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void RemoveLogDir()
    {
        if (Directory.Exists(logDir)) Directory.Delete(logDir, recursive: true);
    }

    // A Dense(3) on 2 inputs: weights dense/kernel (2, 3) and dense/bias (3).
    static Sequential SmallModel()
    {
        var model = new Sequential([new Dense(3)]);
        model.Build([null, 2]);
        return model;
    }

    static Logs EpochLogs(int epoch) => new()
    {
        ["loss"] = 1.0 / (epoch + 1),
        ["accuracy"] = 0.5 + 0.1 * epoch,
        ["val_loss"] = 2.0 / (epoch + 1),
        ["val_accuracy"] = 0.4 + 0.1 * epoch,
    };

    // Fit's callback order for `epochs` epochs of `batches` batches, with scripted logs.
    static void RunTraining(TensorBoard callback, Model model, int epochs, int batches = 0)
    {
        callback.SetModel(model);
        callback.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            callback.OnEpochBegin(epoch, new Logs());
            for (var batch = 0; batch < batches; batch++)
            {
                callback.OnTrainBatchBegin(batch, new Logs());
                callback.OnTrainBatchEnd(batch, new Logs { ["loss"] = 10 * epoch + batch, ["accuracy"] = 0.01 * (10 * epoch + batch) });
            }
            callback.OnEpochEnd(epoch, EpochLogs(epoch));
        }
        callback.OnTrainEnd(new Logs());
    }

    static string SingleEventFile(string runDir)
    {
        var files = Directory.GetFiles(runDir);
        Assert.HasCount(1, files, $"one event file in {runDir}: {string.Join(", ", files)}");
        return files[0];
    }

    static List<(long Step, SummaryValueRecord Value)> Series(List<EventRecord> events, string tag) =>
        events.SelectMany(e => e.Values.Where(v => v.Tag == tag).Select(v => (e.Step, v))).ToList();

    static HashSet<string> Tags(List<EventRecord> events) => events.SelectMany(e => e.Values.Select(v => v.Tag)).ToHashSet();

    [TestMethod]
    public void MaskedCrc32CMatchesKnownVectors()
    {
        // CRC-32C check value of "123456789", and the RFC 3720 (iSCSI) B.4 vectors: 32 zero bytes, 32 bytes of 0xFF, 0..31.
        var vectors = new (byte[] Data, uint Crc)[]
        {
            (Encoding.ASCII.GetBytes("123456789"), 0xE3069283u),
            (new byte[32], 0x8A9136AAu),
            (Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u),
            (Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu),
            ([], 0u),
        };
        foreach (var (data, crc) in vectors)
        {
            Assert.AreEqual(crc, MaskedCrc32C.Crc32C(data), $"CRC-32C of {data.Length} bytes");
            Assert.AreEqual(crc, TensorBoardEventReader.Crc32C(data), "the test reader's own CRC agrees");
        }
        // Mask(0xE3069283): 0xE3069283 >> 15 = 0x0001C60D, << 17 = 0x25060000 (32 bits), or = 0x2507C60D,
        // + 0xA282EAD8 = 0xC78AB0E5. Mask(0) is the delta itself.
        Assert.AreEqual(0xC78AB0E5u, MaskedCrc32C.Mask(0xE3069283u));
        Assert.AreEqual(0xA282EAD8u, MaskedCrc32C.Mask(0));
        Assert.AreEqual(0xC78AB0E5u, MaskedCrc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [TestMethod]
    public void EpochScalarsGoToTrainAndValidationRunsWithKerasTags()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        RunTraining(new TensorBoard(logDir), SmallModel(), epochs: 3);

        var trainFile = SingleEventFile(Path.Combine(logDir, "train"));
        var validationFile = SingleEventFile(Path.Combine(logDir, "validation"));
        var pattern = $@"^events\.out\.tfevents\.\d{{10}}\.{Regex.Escape(System.Net.Dns.GetHostName())}\.{Environment.ProcessId}\.\d+\.v2$";
        StringAssert.Matches(Path.GetFileName(trainFile), new Regex(pattern));
        StringAssert.Matches(Path.GetFileName(validationFile), new Regex(pattern));

        foreach (var (file, prefix) in new[] { (trainFile, ""), (validationFile, "val_") })
        {
            var events = TensorBoardEventReader.ReadEvents(file);
            Assert.AreEqual("brain.Event:2", events[0].FileVersion, "the first record is the version event");
            Assert.IsEmpty(events[0].Values);
            Assert.IsTrue(events.Skip(1).All(e => e.FileVersion is null && e.Values.Count == 1));
            CollectionAssert.AreEquivalent(new[] { "epoch_loss", "epoch_accuracy" }, Tags(events).ToArray(), "no val_ prefix in either run");
            foreach (var metric in new[] { "loss", "accuracy" })
            {
                var series = Series(events, "epoch_" + metric);
                CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, series.Select(s => s.Step).ToArray());
                for (var epoch = 0; epoch < 3; epoch++)
                {
                    var value = series[epoch].Value;
                    Assert.AreEqual("scalars", value.PluginName);
                    Assert.AreEqual(1, value.DType, "DT_FLOAT");
                    Assert.IsEmpty(value.Shape, "a scalar tensor has shape []");
                    Assert.AreEqual((float)EpochLogs(epoch)[prefix + metric], value.Scalar);
                }
            }
            var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            foreach (var e in events)
                Assert.IsTrue(e.WallTime >= Math.Floor(before) - 60 && e.WallTime <= after + 60, $"wall time {e.WallTime} is Unix seconds near {after}");
            Assert.IsTrue(events.Skip(1).All(e => e.WallTime >= Math.Floor(before)), "summaries are stamped with the current time");
        }
    }

    [TestMethod]
    public void LearningRateAndEvaluationScalarsComeFromTheOptimizer()
    {
        var model = SmallModel();
        var optimizer = new FixedRateOptimizer(0.01);
        model.Optimizer = optimizer;
        var callback = new TensorBoard(logDir);
        callback.SetModel(model);
        callback.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < 2; epoch++)
        {
            optimizer.Iterations.Assign(5 * (epoch + 1));
            callback.OnTestBegin(new Logs());
            callback.OnTestEnd(new Logs { ["loss"] = 0.25 * (epoch + 1), ["accuracy"] = 0.75 });
            callback.OnEpochEnd(epoch, EpochLogs(epoch));
        }
        callback.OnTrainEnd(new Logs());

        var train = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        var learningRate = Series(train, "epoch_learning_rate");
        CollectionAssert.AreEqual(new long[] { 0, 1 }, learningRate.Select(s => s.Step).ToArray());
        Assert.IsTrue(learningRate.All(s => s.Value.Scalar == 0.01f));

        var validation = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "validation")));
        Assert.IsFalse(Tags(validation).Contains("epoch_learning_rate"), "the learning rate is a training scalar");
        var evaluationLoss = Series(validation, "evaluation_loss_vs_iterations");
        CollectionAssert.AreEqual(new long[] { 5, 10 }, evaluationLoss.Select(s => s.Step).ToArray(), "step = optimizer iterations");
        CollectionAssert.AreEqual(new[] { 0.25f, 0.5f }, evaluationLoss.Select(s => s.Value.Scalar).ToArray());
        Assert.HasCount(2, Series(validation, "evaluation_accuracy_vs_iterations"));
    }

    [TestMethod]
    public void WithoutOptimizerOrValidationLogsNeitherLearningRateNorValidationRunIsWritten()
    {
        var callback = new TensorBoard(logDir);
        callback.SetModel(SmallModel());
        callback.OnTrainBegin(new Logs());
        callback.OnEpochEnd(0, new Logs { ["loss"] = 0.5 });
        callback.OnTrainEnd(new Logs());
        var train = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        CollectionAssert.AreEqual(new[] { "epoch_loss" }, Tags(train).ToArray());
        Assert.IsFalse(Directory.Exists(Path.Combine(logDir, "validation")), "event files are created only when needed");
    }

    [TestMethod]
    public void HistogramsEveryHistogramFreqEpochsBucketTheWeights()
    {
        var model = SmallModel();
        // Kernel spans [0, 30] so the 30 buckets are exactly 1 wide: 0 and 0.5 fall in bucket 0, 7.25 and 7.75 in
        // bucket 7, 29.5 and the maximum 30 in the last bucket (29). The bias is all zeros: a single value.
        model.Weights[0].Assign(tensor(new float[] { 0, 0.5f, 7.25f, 7.75f, 29.5f, 30 }).reshape(2, 3));
        model.Weights[1].Assign(0);
        RunTraining(new TensorBoard(logDir, histogramFreq: 2), model, epochs: 5);

        var events = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        foreach (var tag in new[] { "dense/kernel/histogram", "dense/bias/histogram" })
            CollectionAssert.AreEqual(new long[] { 0, 2, 4 }, Series(events, tag).Select(s => s.Step).ToArray(), tag);

        foreach (var (step, value) in Series(events, "dense/kernel/histogram"))
        {
            Assert.AreEqual("histograms", value.PluginName);
            Assert.AreEqual(2, value.DType, "DT_DOUBLE");
            CollectionAssert.AreEqual(new long[] { 30, 3 }, value.Shape);
            var rows = value.Doubles.Chunk(3).ToArray();
            Assert.AreEqual(6.0, rows.Sum(r => r[2]), "counts add up to the kernel's 6 values");
            for (var i = 0; i < 30; i++)
            {
                Assert.AreEqual(i, rows[i][0], 1e-12, "left edge");
                Assert.AreEqual(i + 1, rows[i][1], 1e-12, "right edge");
                Assert.AreEqual(i is 0 or 7 or 29 ? 2.0 : 0.0, rows[i][2], $"bucket {i} at step {step}");
            }
        }
        foreach (var (_, value) in Series(events, "dense/bias/histogram"))
        {
            var rows = value.Doubles.Chunk(3).ToArray();
            Assert.HasCount(30, rows);
            Assert.IsTrue(rows.All(r => r[0] == 0 && r[1] == 0), "a single value: every edge is that value");
            Assert.AreEqual(3.0, rows[29][2], "the last bucket holds all 3 bias values");
            Assert.AreEqual(3.0, rows.Sum(r => r[2]));
        }
    }

    [TestMethod]
    public void HistogramCountsOfRandomWeightsSumToTheirSizes()
    {
        var model = new Sequential([new Dense(16, activation: "relu"), new Dense(4)]);
        model.Build([null, 8]);
        model.Weights[1].Assign(tensor(Enumerable.Range(0, 16).Select(i => (float)Math.Sin(i)).ToArray()));
        RunTraining(new TensorBoard(logDir, histogramFreq: 1), model, epochs: 1);

        var events = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        foreach (var weight in model.Weights)
        {
            var (_, value) = Series(events, weight.Path + "/histogram").Single();
            var rows = value.Doubles.Chunk(3).ToArray();
            Assert.AreEqual(weight.Size, (long)rows.Sum(r => r[2]), weight.Path);
            var values = weight.ToArray();
            Assert.AreEqual(values.Min(), rows[0][0], 1e-6, "first left edge is the minimum");
            Assert.AreEqual(values.Max(), rows[^1][1], 1e-6, "last right edge is the maximum");
            // Each bucket holds the values inside its edges (the last one includes its right edge).
            for (var i = 0; i < rows.Length; i++)
            {
                var (left, right) = (rows[i][0], rows[i][1]);
                var expected = values.Count(v => v >= left - 1e-9 && (i == rows.Length - 1 ? v <= right + 1e-9 : v < right - 1e-9));
                Assert.AreEqual(expected, rows[i][2], 1.0, $"{weight.Path} bucket {i}");
            }
        }
    }

    [TestMethod]
    public void UpdateFreqBatchWritesBatchScalarsAtGlobalBatchSteps()
    {
        RunTraining(new TensorBoard(logDir, updateFreq: "batch"), SmallModel(), epochs: 2, batches: 3);
        var events = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        var loss = Series(events, "batch_loss");
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5, 6 }, loss.Select(s => s.Step).ToArray(), "steps count batches since training began, from 1");
        CollectionAssert.AreEqual(new[] { 0f, 1, 2, 10, 11, 12 }, loss.Select(s => s.Value.Scalar).ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 0.01f, 0.02f, 0.1f, 0.11f, 0.12f }, Series(events, "batch_accuracy").Select(s => s.Value.Scalar).ToArray());
        CollectionAssert.AreEqual(new long[] { 0, 1 }, Series(events, "epoch_loss").Select(s => s.Step).ToArray(), "epoch scalars are still written");
        Assert.IsFalse(Tags(TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "validation")))).Any(t => t.StartsWith("batch_")));
    }

    [TestMethod]
    public void UpdateFreqNWritesEveryNthBatchAndEpochWritesNone()
    {
        RunTraining(new TensorBoard(logDir, updateFreq: 2), SmallModel(), epochs: 2, batches: 3);
        var events = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        CollectionAssert.AreEqual(new long[] { 2, 4, 6 }, Series(events, "batch_loss").Select(s => s.Step).ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 10, 12 }, Series(events, "batch_loss").Select(s => s.Value.Scalar).ToArray());

        var epochOnly = Path.Combine(logDir, "epoch-only");
        RunTraining(new TensorBoard(epochOnly), SmallModel(), epochs: 2, batches: 3);
        var epochEvents = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(epochOnly, "train")));
        Assert.IsFalse(Tags(epochEvents).Any(t => t.StartsWith("batch_")), "the default \"epoch\" writes no batch scalars");
    }

    [TestMethod]
    public void WriteImagesDrawsWeightsAsPngsLikeKeras()
    {
        var model = SmallModel();
        // Kernel (2, 3): 2 rows ≤ 3 columns, so one 2×3 image, not transposed. Bytes are trunc(clip(x · 255.5)):
        // 0 → 0, 0.2 → 51.1 → 51, 0.4 → 102.2 → 102, 0.6 → 153.3 → 153, 0.8 → 204.4 → 204, 1 → 255.5 → 255.
        model.Weights[0].Assign(tensor(new float[] { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 }).reshape(2, 3));
        // Bias (3): a 3×1 column; -1 saturates to 0, 2 to 255, 0.5 → 127.75 → 127.
        model.Weights[1].Assign(tensor(new float[] { -1, 0.5f, 2 }));
        RunTraining(new TensorBoard(logDir, histogramFreq: 1, writeImages: true), model, epochs: 1);

        var events = TensorBoardEventReader.ReadEvents(SingleEventFile(Path.Combine(logDir, "train")));
        var kernel = Series(events, "dense/kernel/image").Single().Value;
        Assert.AreEqual("images", kernel.PluginName);
        Assert.AreEqual(7, kernel.DType, "DT_STRING");
        CollectionAssert.AreEqual(new long[] { 3 }, kernel.Shape, "width, height, one PNG");
        Assert.AreEqual("3", Encoding.ASCII.GetString(kernel.StringValues[0]), "width first");
        Assert.AreEqual("2", Encoding.ASCII.GetString(kernel.StringValues[1]));
        var (width, height, pixels) = DecodeGrayPng(kernel.StringValues[2]);
        Assert.AreEqual((3, 2), (width, height));
        CollectionAssert.AreEqual(new byte[] { 0, 51, 102, 153, 204, 255 }, pixels);

        var bias = Series(events, "dense/bias/image").Single().Value;
        var (biasWidth, biasHeight, biasPixels) = DecodeGrayPng(bias.StringValues[2]);
        Assert.AreEqual((1, 3), (biasWidth, biasHeight));
        CollectionAssert.AreEqual(new byte[] { 0, 127, 255 }, biasPixels);
    }

    [TestMethod]
    public void WritersCloseAtTrainEndAndASecondFitStartsNewFiles()
    {
        var callback = new TensorBoard(logDir);
        var model = SmallModel();
        RunTraining(callback, model, epochs: 1);
        var first = SingleEventFile(Path.Combine(logDir, "train"));
        using (File.Open(first, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { } // closed: no handle left

        RunTraining(callback, model, epochs: 2);
        var files = Directory.GetFiles(Path.Combine(logDir, "train"));
        Assert.HasCount(2, files);
        var second = TensorBoardEventReader.ReadEvents(files.Single(f => f != first));
        CollectionAssert.AreEqual(new long[] { 0, 1 }, Series(second, "epoch_loss").Select(s => s.Step).ToArray());
    }

    [TestMethod]
    public void EventsAreFlushedAtEachEpochEnd()
    {
        var callback = new TensorBoard(logDir);
        callback.SetModel(SmallModel());
        callback.OnTrainBegin(new Logs());
        callback.OnEpochEnd(0, EpochLogs(0));
        // Still training: the file is open, but a reader already sees the epoch.
        var path = SingleEventFile(Path.Combine(logDir, "train"));
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        Assert.HasCount(3, TensorBoardEventReader.ReadRecords(bytes), "version event, epoch_loss, epoch_accuracy");
        callback.OnTrainEnd(new Logs());
    }

    [TestMethod]
    public void StandaloneEvaluationClosesItsFile()
    {
        var model = SmallModel();
        model.Optimizer = new FixedRateOptimizer(0.1);
        var callback = new TensorBoard(logDir);
        callback.SetModel(model);
        callback.OnTestBegin(new Logs());
        callback.OnTestEnd(new Logs { ["loss"] = 0.5 });
        var path = SingleEventFile(Path.Combine(logDir, "validation"));
        using (File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
        var events = TensorBoardEventReader.ReadEvents(path);
        Assert.AreEqual(0.5f, Series(events, "evaluation_loss_vs_iterations").Single().Value.Scalar);
    }

    [TestMethod]
    public void ReaderRejectsACorruptedRecord()
    {
        RunTraining(new TensorBoard(logDir), SmallModel(), epochs: 1);
        var bytes = File.ReadAllBytes(SingleEventFile(Path.Combine(logDir, "train")));
        Assert.IsNotEmpty(TensorBoardEventReader.ReadRecords(bytes));
        bytes[^6] ^= 0x01; // a byte inside the last record's data
        Assert.ThrowsExactly<InvalidDataException>(() => TensorBoardEventReader.ReadRecords(bytes));
    }

    [TestMethod]
    public void ConstructorMatchesKerasDefaultsAndRejectsBadArguments()
    {
        var callback = new TensorBoard();
        Assert.AreEqual("logs", callback.LogDir);
        Assert.AreEqual(0, callback.HistogramFreq);
        Assert.IsTrue(callback.WriteGraph);
        Assert.IsFalse(callback.WriteImages);
        Assert.IsTrue(callback.UpdateFreq.IsEpoch);
        Assert.AreEqual(1, new TensorBoard(updateFreq: "batch").UpdateFreq.Batches);
        Assert.AreEqual(100, new TensorBoard(updateFreq: 100).UpdateFreq.Batches);

        var weekly = Assert.ThrowsExactly<ArgumentException>(() => new TensorBoard(updateFreq: "weekly"));
        StringAssert.Contains(weekly.Message, "weekly");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new TensorBoard(updateFreq: 0)).Message, "received 0");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new TensorBoard(histogramFreq: -1)).Message, "histogramFreq");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new TensorBoard(logDir: " ")).Message, "logDir");
    }

    // Decodes the PNG with SkiaSharp (a real decoder, independent of how it was encoded) into gray levels.
    static (int Width, int Height, byte[] Pixels) DecodeGrayPng(byte[] png)
    {
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8], "PNG signature");
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.IsNotNull(bitmap, "the PNG decodes");
        var pixels = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                Assert.IsTrue(c.Red == c.Green && c.Green == c.Blue, "a gray image");
                pixels[y * bitmap.Width + x] = c.Red;
            }
        return (bitmap.Width, bitmap.Height, pixels);
    }

    // An optimizer that only carries a learning rate and an iteration count.
    sealed class FixedRateOptimizer(double learningRate) : Optimizer(learningRate, null, null, null, null, "fixed_rate")
    {
        protected override void BuildSlots(IReadOnlyList<Variable> variables) { }

        protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate) { }
    }
}
