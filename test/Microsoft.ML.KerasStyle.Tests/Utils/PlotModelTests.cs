namespace Microsoft.ML.KerasStyle.Tests.Utils;

[TestClass]
public sealed class PlotModelTests : KerasTestBase
{
    static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kerasstyle-plot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    static Model Ticket()
    {
        var title = Keras.Input(shape: [10000], name: "title");
        var tags = Keras.Input(shape: [100], name: "tags");
        var features = new Dense(64, activation: "relu").Apply(new Concatenate().Apply(title, tags));
        return new Model([title, tags], [new Dense(1, activation: "sigmoid", name: "priority").Apply(features),
                                         new Dense(4, activation: "softmax", name: "department").Apply(features)]);
    }

    [TestMethod]
    public void DotNamesEveryLayerWithShapesAndEdges()
    {
        var dot = Keras.Utils.ModelToDot(Ticket(), showShapes: true, showDtype: true);
        foreach (var name in new[] { "title", "tags", "concatenate", "dense", "priority", "department" })
            StringAssert.Contains(dot, $"<b>{name}</b>");
        StringAssert.Contains(dot, "Output shape: (None, 10000)");
        StringAssert.Contains(dot, "Input shape: [(None, 10000), (None, 100)]");
        StringAssert.Contains(dot, "Output shape: (None, 4)");
        StringAssert.Contains(dot, "Output dtype: float32");
        Assert.AreEqual(5, dot.Split('\n').Count(l => l.Contains(" -> ")), "title→concat, tags→concat, concat→dense, dense→priority, dense→department");
    }

    [TestMethod]
    public void WritesDotAndNonEmptyPng()
    {
        if (Microsoft.ML.KerasStyle.Utils.Graphviz.FindDot() is null) Assert.Inconclusive("Graphviz 'dot' is not installed.");
        var dir = TempDir();
        var png = Keras.Utils.PlotModel(Ticket(), toFile: Path.Combine(dir, "ticket_classifier.png"), showShapes: true);
        var bytes = File.ReadAllBytes(png);
        Assert.IsTrue(bytes.Length > 1000, $"PNG of {bytes.Length} bytes");
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "ticket_classifier.dot")), "concatenate");
        var svg = Keras.Utils.PlotModel(Ticket(), toFile: Path.Combine(dir, "t.svg"), rankdir: "LR");
        StringAssert.Contains(File.ReadAllText(svg), "<svg");
    }

    [TestMethod]
    public void MissingGraphvizSaysHowToInstallAndStillWritesDot()
    {
        var dir = TempDir();
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", dir);
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Utils.PlotModel(Ticket(), toFile: Path.Combine(dir, "m.png")));
            StringAssert.Contains(error.Message, "apt-get install -y graphviz");
            Assert.IsTrue(File.Exists(Path.Combine(dir, "m.dot")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [TestMethod]
    public void SequentialPlotsItsLayersAndNestedModelsExpand()
    {
        var innerInput = Keras.Input(shape: [8]);
        var inner = new Model(innerInput, new Dense(2, name: "inner_dense").Apply(new Dense(4, name: "inner_hidden").Apply(innerInput)), name: "inner");
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(8), inner]);
        var dot = Keras.Utils.ModelToDot(model, expandNested: true);
        StringAssert.Contains(dot, "cluster_");
        StringAssert.Contains(dot, "<b>inner_hidden</b>");
        var flat = Keras.Utils.ModelToDot(model);
        StringAssert.Contains(flat, "<b>inner</b> (Functional)");
        Assert.IsFalse(flat.Contains("inner_hidden"));
    }

    [TestMethod]
    public void BadExtensionAndRankdirAreClearErrors()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Keras.Utils.PlotModel(Ticket(), toFile: "x.jpg"));
        Assert.ThrowsExactly<ArgumentException>(() => Keras.Utils.ModelToDot(Ticket(), rankdir: "BT"));
    }
}
