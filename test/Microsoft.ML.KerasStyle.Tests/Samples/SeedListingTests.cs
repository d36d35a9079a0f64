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

    static string Run(string id)
    {
        var listing = Listing.Find(id) ?? throw new AssertFailedException($"no listing {id}");
        var output = new StringWriter();
        listing.Run(output);
        return output.ToString();
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
    public void EveryListingHasAUniqueSectionNumber()
    {
        var ids = Listing.All.Select(l => l.Id).ToList();
        CollectionAssert.AllItemsAreUnique(ids);
        CollectionAssert.IsSubsetOf(new[] { "7-2-1", "7-2-2", "7-2-3", "7-2-4" }, ids);
    }
}
