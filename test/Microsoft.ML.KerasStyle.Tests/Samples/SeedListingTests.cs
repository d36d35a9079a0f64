using Samples.Listings;

namespace Microsoft.ML.KerasStyle.Tests.Samples;

/// <summary>Each seed listing runs as its sample does, and prints what the seed shows.</summary>
[TestClass]
public sealed class SeedListingTests : KerasTestBase
{
    string previousDirectory = "";
    string workDirectory = "";

    [TestInitialize]
    public void EnterTempDirectory()
    {
        previousDirectory = Environment.CurrentDirectory;
        workDirectory = Path.Combine(Path.GetTempPath(), "kerasstyle-listing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        Environment.CurrentDirectory = workDirectory;
    }

    [TestCleanup]
    public void LeaveTempDirectory() => Environment.CurrentDirectory = previousDirectory;

    static string Run(string id, ListingSettings? settings = null)
    {
        var listing = Listing.Find(id) ?? throw new AssertFailedException($"no listing {id}");
        var output = new StringWriter();
        listing.Run(output, settings ?? ListingSettings.Default);
        return output.ToString();
    }

    static bool FashionMnistInstalled => Directory.Exists("/usr/share/datasets/fashion-mnist")
        || File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras", "datasets", "mnist.npz"));

    static double[] TestMetrics(string output)
    {
        var line = output.Split('\n').Last(l => l.StartsWith("Test metrics: ["));
        return line["Test metrics: [".Length..^1].Split(", ").Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [TestMethod]
    public void Listing_7_2_1_PrintsTheSeedTable()
    {
        var text = Run("7-2-1");
        StringAssert.Contains(text, "<Variable path=dense/kernel, shape=(3, 64), dtype=float32>");
        StringAssert.Contains(text, "Model: \"sequential\"");
        StringAssert.Contains(text, "Model: \"my_model\"");
        StringAssert.Contains(text, "│ 輸入層 (Dense)");
        StringAssert.Contains(text, " Total params: 906 (3.54 KB)\n Trainable params: 906 (3.54 KB)\n Non-trainable params: 0 (0.00 B)\n");
        StringAssert.Contains(text, " Total params: 256 (1.00 KB)", "the summary after the first Add of the incremental model");
    }

    [TestMethod]
    public void Listing_7_2_2_WritesThePlotsAndExtractsFeatures()
    {
        var text = Run("7-2-2");
        StringAssert.Contains(text, " Total params: 1,286,789 (4.91 MB)");
        StringAssert.Contains(text, "priority predictions: (1280, 1), department predictions: (1280, 4)");
        StringAssert.Contains(text, "layers: title (InputLayer), text_body (InputLayer), tags (InputLayer), concatenate (Concatenate), dense_2 (Dense), priority (Dense), department (Dense)");
        StringAssert.Contains(text, "difficulty (Dense)");
        if (Microsoft.ML.KerasStyle.Utils.Graphviz.FindDot() is null) Assert.Inconclusive("Graphviz 'dot' is not installed.");
        foreach (var png in new[] { "ticket_classifier.png", "ticket_classifier_with_shapes.png", "multi_input_and_output_model.png" })
            Assert.IsTrue(new FileInfo(Path.Combine(workDirectory, png)).Length > 1000, png);
    }

    [TestMethod]
    public void Listing_7_2_3_RunsTheSubclassedTicketModel()
    {
        var text = Run("7-2-3");
        StringAssert.Contains(text, "priority: (1280, 1), department: (1280, 4)");
        StringAssert.Contains(text, "Model: \"customer_ticket_model\"");
        StringAssert.Contains(text, " Total params: 1,286,789 (4.91 MB)");
        StringAssert.Contains(text, "is a subclassed model");
    }

    [TestMethod]
    public void Listing_7_2_4_MixesStyles()
    {
        var text = Run("7-2-4");
        StringAssert.Contains(text, "classifier (Classifier)");
        StringAssert.Contains(text, "MyModel output: (2, 1)");
        StringAssert.Contains(text, "functional_1 (Functional)");
    }

    [TestMethod]
    public void Listing_7_3_1_ReachesTheSeedsAccuracyInThreeEpochs()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        // The full seed run: Flatten → Dense(128, relu) → Dense(10, softmax), rmsprop, batch 32, 3 epochs.
        var text = Run("7-3-1", new ListingSettings(Verbose: 0));
        var (loss, accuracy, rmse) = TestMetrics(text) switch { var m => (m[0], m[1], m[2]) };
        Assert.IsTrue(accuracy >= 0.85, $"test accuracy {accuracy:F4} after 3 epochs");
        Assert.IsTrue(loss < 0.5 && rmse < 0.5, $"loss {loss}, rmse {rmse}");
    }

    [TestMethod]
    public void Listing_7_3_2_CheckpointsTheBestModelAndLoadsIt()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        var text = Run("7-3-2", new ListingSettings(MaxEpochs: 2, MaxTrainSamples: 3200, Verbose: 0));
        Assert.IsTrue(File.Exists(Path.Combine(workDirectory, "my_model.keras")), "the checkpoint was written");
        StringAssert.Contains(text, "Best checkpoint (lowest val_loss) test metrics: [");
        var best = Keras.Models.LoadModel(Path.Combine(workDirectory, "my_model.keras"));
        Assert.IsTrue(best.Compiled, "the compile state comes back with the model");
        Assert.AreEqual(784 * 128 + 128 + 1290, best.CountParams());
    }

    [TestMethod]
    public void Listing_7_3_3_PlotsEveryBatchLoss()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        var text = Run("7-3-3", new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 3200, Verbose: 0));
        StringAssert.Contains(text, "100 batch losses plotted to");
        var png = File.ReadAllBytes(Path.Combine(workDirectory, "batch_loss_final_epoch.png"));
        Assert.IsTrue(png.Length > 5000 && png[1] == (byte)'P', "a real PNG chart");
    }

    [TestMethod]
    public void Listing_7_3_4_WritesTrainAndValidationEventFiles()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        var text = Run("7-3-4", new ListingSettings(MaxEpochs: 2, MaxTrainSamples: 3200, Verbose: 0));
        StringAssert.Contains(text, "tensorboard --logdir logs/fit");
        var run = Directory.GetDirectories(Path.Combine(workDirectory, "logs", "fit")).Single();
        foreach (var split in new[] { "train", "validation" })
        {
            var events = Directory.GetFiles(Path.Combine(run, split), "events.out.tfevents.*.v2");
            Assert.AreEqual(1, events.Length, split);
            Assert.IsTrue(new FileInfo(events[0]).Length > 100, $"{split} events written");
        }
    }

    [TestMethod]
    public void Listing_7_4_1_PrintsTheSeedsMetricResults()
    {
        var text = Run("7-4-1");
        StringAssert.Contains(text, "current_result:1.00\n");
        StringAssert.Contains(text, "Mean of values: 2.00\n");
        StringAssert.Contains(text, "Dropout(0.5), training: false: [1, 1, 1, 1, 1, 1]");
        StringAssert.Contains(text, "non-trainable weights: batch_normalization/moving_mean, batch_normalization/moving_variance");
    }

    [TestMethod]
    public void Listing_7_4_3_CustomLoopLearns()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        var text = Run("7-4-3", new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 6400, Verbose: 0));
        StringAssert.Contains(text, "Results at the end of epoch 0");
        var accuracy = double.Parse(text.Split('\n').First(l => l.StartsWith("...val_sparse_categorical_accuracy: "))[36..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(accuracy > 0.7, $"validation accuracy {accuracy} after one short epoch");
    }

    [TestMethod]
    public void Listing_7_4_5_OverriddenTrainStepShowsKerasMetricsNames()
    {
        if (!FashionMnistInstalled) Assert.Inconclusive("Neither MNIST nor Fashion-MNIST is installed (apt-get install dataset-fashion-mnist).");
        var text = Run("7-4-5", new ListingSettings(MaxEpochs: 1, MaxTrainSamples: 3200, Verbose: 0));
        StringAssert.Contains(text, "MetricsNames: ['loss', 'compile_metrics']");
    }

    [TestMethod]
    public void EveryListingHasAUniqueSectionNumber()
    {
        var ids = Listing.All.Select(l => l.Id).ToList();
        CollectionAssert.AllItemsAreUnique(ids.Concat(Listing.All.SelectMany(l => l.AlsoCovers)).ToList());
        Assert.AreEqual("7-4-1", Listing.Find("7-4-2")?.Id);
        Assert.AreEqual("7-4-3", Listing.Find("7-4-4")?.Id);
        CollectionAssert.IsSubsetOf(new[] { "7-2-1", "7-2-2", "7-2-3", "7-2-4", "7-3-1", "7-3-2", "7-3-3", "7-3-4", "7-4-1", "7-4-3", "7-4-5" }, ids);
    }
}
