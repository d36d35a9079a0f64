extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;
using Row = Microsoft.ML.KerasStyle.Tests.MLNet.DataViewTrainingTests.KeyRow; // 3 features, a key of 3 classes

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// The trainers read batches on a background thread (KerasTrainerOptions.PrefetchBatches): the same batches as on the
/// training thread, the reader's errors surface in Fit naming the column, and whenever training ends (all epochs, early
/// stop, an exception) the reading thread has ended and the cursor is disposed.
/// </summary>
[TestClass]
public sealed class BackgroundReadingTests : KerasTestBase
{
    public sealed class TextRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    static List<Row> Rows(int count)
    {
        var random = new Random(3);
        return Enumerable.Range(0, count).Select(i => new Row { Features = [(float)random.NextDouble(), (float)random.NextDouble(), i], Label = (uint)(i % 3) }).ToList();
    }

    static Sequential Classifier()
    {
        Keras.Utils.SetRandomSeed(5);
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        return model;
    }

    // Every batch of two shuffled epochs, as arrays, plus the feature tensors themselves kept past their steps.
    static (List<(float[] X, long[] Y)> Batches, List<Tensor> Kept) ReadTwoEpochs(IDataView data, int? readAhead)
    {
        var model = Classifier();
        var columns = new KerasColumns(new Dictionary<string, string> { [model.InputNames[0]] = "Features" },
            new Dictionary<string, string> { [model.OutputNames[0]] = "Label" }, new Dictionary<string, string>(), null);
        var binding = ColumnBinding.Create("test", KerasTask.MulticlassClassification, model, columns, data.Schema, withLabels: true);
        var batches = new DataViewBatches(data, binding, batchSize: 32, withTargets: true, shuffle: true, seed: 3, readAhead: readAhead);
        var read = new List<(float[], long[])>();
        var kept = new List<Tensor>();
        for (var epoch = 0; epoch < 2; epoch++)
            foreach (var element in batches)
            {
                read.Add((element[0].data<float>().ToArray(), element[1].data<long>().ToArray()));
                kept.Add(element[0].DetachFromDisposeScope());
            }
        return (read, kept);
    }

    [TestMethod]
    public void BatchesAreTheSameReadAheadOrOnTheTrainingThread()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(500);
        var path = Path.Combine(Path.GetTempPath(), $"kerasstyle-{Guid.NewGuid():N}.idv");
        try
        {
            using (var stream = File.Create(path)) ml.Data.SaveAsBinary(ml.Data.LoadFromEnumerable(rows), stream);
            // A binary .idv shuffles itself; LoadFromEnumerable goes through ML.NET's shuffle pool.
            foreach (var data in new[] { ml.Data.LoadFromBinary(path), ml.Data.LoadFromEnumerable(rows) })
            {
                var (onTrainingThread, keptOnTrainingThread) = ReadTwoEpochs(data, readAhead: 0);
                Assert.AreEqual(2 * 16, onTrainingThread.Count, "500 rows in batches of 32: 16 per epoch");
                Assert.AreEqual(20, onTrainingThread[15].Y.Length, "the last batch is short");
                CollectionAssert.AreNotEqual(onTrainingThread[0].Y, onTrainingThread[16].Y, "each epoch has its own order");
                // 1 buffer (woken for each batch), 2, 5 (refilled two at a time) and the default depth (16: the whole epoch).
                foreach (var depth in new int?[] { 1, 2, 5, null })
                {
                    var (readAhead, keptReadAhead) = ReadTwoEpochs(data, depth);
                    Assert.AreEqual(onTrainingThread.Count, readAhead.Count, $"batches read {depth?.ToString() ?? "(default)"} ahead");
                    for (var i = 0; i < readAhead.Count; i++)
                    {
                        CollectionAssert.AreEqual(onTrainingThread[i].X, readAhead[i].X, $"features of batch {i}, depth {depth}");
                        CollectionAssert.AreEqual(onTrainingThread[i].Y, readAhead[i].Y, $"labels of batch {i}, depth {depth}");
                    }
                    // Tensors are copies: the reused buffers never change a batch already handed out.
                    for (var i = 0; i < keptReadAhead.Count; i++)
                    {
                        CollectionAssert.AreEqual(readAhead[i].X, keptReadAhead[i].data<float>().ToArray(), $"kept batch {i}, depth {depth}");
                        keptReadAhead[i].Dispose();
                    }
                }
                foreach (var kept in keptOnTrainingThread) kept.Dispose();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void TrainingGivesTheSameLossesReadAheadOrNot()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(400));
        double[] Losses(int? prefetch)
        {
            var history = ml.MulticlassClassification.Trainers.Keras(Classifier(),
                new KerasTrainerOptions { Epochs = 3, BatchSize = 16, Verbose = 0, Seed = 2, PrefetchBatches = prefetch, ValidationSplit = 0.25 }).Fit(data).History;
            return [.. history["loss"], .. history["val_loss"]];
        }
        CollectionAssert.AreEqual(Losses(0), Losses(2));
        CollectionAssert.AreEqual(Losses(0), Losses(1));
        CollectionAssert.AreEqual(Losses(0), Losses(null));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void ReaderExceptionSurfacesInFitWithTheColumnNamed(int prefetch)
    {
        var ml = new MLContext(seed: 1);
        var data = new WatchedDataView(ml.Data.LoadFromEnumerable(Rows(300)), failingColumn: "Features", failAtRow: 70);
        var trainer = ml.MulticlassClassification.Trainers.Keras(Classifier(),
            new KerasTrainerOptions { Epochs = 2, BatchSize = 16, Verbose = 0, Shuffle = false, PrefetchBatches = prefetch });
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data));
        StringAssert.Contains(error.Message, "ml.MulticlassClassification.Trainers.Keras: reading column 'Features' failed at row 70: disk on fire");
        Assert.IsInstanceOfType<IOException>(error.InnerException);
        AssertReadingEnded(data, prefetch);
    }

    [TestMethod]
    public void ErrorInsideMLNetsShufflePoolNamesTheColumnsRead()
    {
        // LoadFromEnumerable cannot shuffle itself: rows go through ML.NET's shuffle pool, whose own thread calls the
        // getters and reports the failure through MoveNext.
        var ml = new MLContext(seed: 1);
        var data = new WatchedDataView(ml.Data.LoadFromEnumerable(Rows(300)), failingColumn: "Features", failAtRow: 70);
        var trainer = ml.MulticlassClassification.Trainers.Keras(Classifier(), new KerasTrainerOptions { Epochs = 2, BatchSize = 16, Verbose = 0 });
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data));
        StringAssert.Contains(error.Message, "ml.MulticlassClassification.Trainers.Keras: reading the data (columns 'Features', 'Label') failed");
        StringAssert.Contains(error.Message, "disk on fire");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void MissingKeyIsReportedThroughTheReader(int prefetch)
    {
        var ml = new MLContext(seed: 1);
        var known = Enumerable.Range(0, 60).Select(i => new TextRow { Features = [i, 0, 0], Label = "abc"[i % 3].ToString() }).ToList();
        var withUnseen = known.Select((r, i) => i == 45 ? new TextRow { Features = r.Features, Label = "d" } : r).ToList();
        var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(known));
        var data = new WatchedDataView(keys.Transform(ml.Data.LoadFromEnumerable(withUnseen)));
        var trainer = ml.MulticlassClassification.Trainers.Keras(Classifier(),
            new KerasTrainerOptions { Epochs = 1, BatchSize = 8, Verbose = 0, Shuffle = false, PrefetchBatches = prefetch });
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data));
        StringAssert.Contains(error.Message, "Label column 'Label' holds a missing key (0) at row 45");
        AssertReadingEnded(data, prefetch);
    }

    sealed class StopAfter(int batches, bool fail) : Callback
    {
        public int Seen { get; private set; }

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            if (++Seen < batches) return;
            if (fail) throw new InvalidOperationException("callback failed");
            Model.StopTraining = true;
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TrainingThatEndsEarlyEndsTheReaderAndDisposesTheCursor(bool fail)
    {
        var ml = new MLContext(seed: 1);
        var data = new WatchedDataView(ml.Data.LoadFromEnumerable(Rows(2000)));
        var stop = new StopAfter(3, fail);
        var trainer = ml.MulticlassClassification.Trainers.Keras(Classifier(),
            new KerasTrainerOptions { Epochs = 5, BatchSize = 8, Verbose = 0, Callbacks = [stop], PrefetchBatches = 2, Shuffle = false });
        if (fail) Assert.AreEqual("callback failed", Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(data)).Message);
        else trainer.Fit(data);
        Assert.AreEqual(3, stop.Seen, "training stopped after 3 of 250 batches");
        AssertReadingEnded(data, prefetch: 2);
    }

    [TestMethod]
    public void DefaultDepthHoldsUpTo16BatchesWithin64MB()
    {
        const long MB = 1024 * 1024;
        Assert.AreEqual(16, BackgroundBatchReader.DefaultDepth(32 * 784 * 4 + 32 * 8), "32 rows of 784 floats and a key: 100 KB a batch");
        Assert.AreEqual(16, BackgroundBatchReader.DefaultDepth(4 * MB), "16 x 4 MB = 64 MB");
        Assert.AreEqual(4, BackgroundBatchReader.DefaultDepth(16 * MB));
        Assert.AreEqual(2, BackgroundBatchReader.DefaultDepth(40 * MB), "never fewer than 2, however large the batch");
        Assert.IsNull(new KerasTrainerOptions().PrefetchBatches, "the trainers' default is this depth");
    }

    [TestMethod]
    public void NegativePrefetchBatchesIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.MulticlassClassification.Trainers.Keras(Classifier(), new KerasTrainerOptions { PrefetchBatches = -1 }));
        StringAssert.Contains(error.Message, "PrefetchBatches must be ≥ 0");
    }

    [TestMethod]
    [DataRow(0, false)]
    [DataRow(null, false)]
    [DataRow(null, true)]
    public void CursorsUnderMLNetsShufflePoolAreClosedAfterEachPass(int? prefetch, bool stopEarly)
    {
        // LoadFromEnumerable cannot shuffle itself, so its rows go through ML.NET's shuffle pool, which never disposes
        // the cursor it reads: the trainer closes it when each pass ends, or when training stops early.
        var ml = new MLContext(seed: 1);
        var data = new WatchedDataView(ml.Data.LoadFromEnumerable(Rows(600)));
        var stop = new StopAfter(stopEarly ? 3 : int.MaxValue, fail: false);
        ml.MulticlassClassification.Trainers.Keras(Classifier(),
            new KerasTrainerOptions { Epochs = 3, BatchSize = 16, Verbose = 0, Callbacks = [stop], PrefetchBatches = prefetch }).Fit(data);
        Assert.AreEqual(stopEarly ? 3 : 3 * 38, stop.Seen, "batches trained");
        var cursors = data.Cursors;
        Assert.AreEqual(stopEarly ? 1 : 3, cursors.Count, "one cursor per pass");
        foreach (var cursor in cursors) Assert.IsTrue(cursor.Disposed, "every cursor the pool read from is disposed");
    }

    // Once Fit has returned or thrown, every cursor is disposed and every thread that read one has ended (the
    // background reader), or is the test's own thread (reading on the training thread). The tests that call this read
    // without shuffling; with shuffling through ML.NET's pool, the pool's tasks read the source.
    static void AssertReadingEnded(WatchedDataView data, int prefetch)
    {
        Assert.IsTrue(data.Cursors.Count > 0, "the data was read");
        foreach (var cursor in data.Cursors)
        {
            Assert.IsTrue(cursor.Disposed, "every cursor is disposed");
            foreach (var thread in cursor.Movers)
            {
                if (prefetch == 0 || thread == Thread.CurrentThread) continue;
                Assert.IsFalse(thread.IsAlive, $"the reading thread '{thread.Name}' has ended");
            }
        }
        if (prefetch > 0)
            Assert.IsTrue(data.Cursors.SelectMany(c => c.Movers).Any(t => t != Thread.CurrentThread), "rows were read on a background thread");
    }
}
