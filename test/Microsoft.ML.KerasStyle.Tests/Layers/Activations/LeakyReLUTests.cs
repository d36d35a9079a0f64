using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Layers;

[TestClass]
public sealed class LeakyReLUTests : KerasTestBase
{
    [TestMethod]
    public void KeepsPositivesAndScalesNegativesByTheDefaultSlope()
    {
        // Keras's default slope 0.3: [-2, -0.5, 0, 1.5, 3, -10] → [-0.6, -0.15, 0, 1.5, 3, -3].
        LayerTestHarness.Run(() => new LeakyReLU(), tensor(new float[] { -2, -0.5f, 0, 1.5f, 3, -10 }, [2, 3]), [null, 3],
            expectedValues: [-0.6f, -0.15f, 0, 1.5f, 3, -3], expectedWeights: [], tolerance: 1e-6);
    }

    [TestMethod]
    public void GivenSlopeOnImages()
    {
        // Slope 0.2 on a (1, 2, 2, 2) input: [-1, 2, -3, 4, -5, 6, -7, 8] → [-0.2, 2, -0.6, 4, -1, 6, -1.4, 8].
        LayerTestHarness.Run(() => new LeakyReLU(0.2), tensor(new float[] { -1, 2, -3, 4, -5, 6, -7, 8 }, [1, 2, 2, 2]), [null, 2, 2, 2],
            expectedValues: [-0.2f, 2, -0.6f, 4, -1, 6, -1.4f, 8], tolerance: 1e-6);
    }

    [TestMethod]
    public void ZeroSlopeIsRelu()
    {
        LayerTestHarness.Run(() => new LeakyReLU(0), tensor(new float[] { -1, 2, -3, 4 }, [4, 1]), [null, 1], expectedValues: [0, 2, 0, 4]);
    }

    [TestMethod]
    public void NegativeSlopeIsRejectedNamingTheArgument()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new LeakyReLU(-0.1));
        StringAssert.Contains(error.Message, "negative_slope=-0.1");
        Assert.AreEqual("negativeSlope", error.ParamName);
        Assert.ThrowsExactly<ArgumentException>(() => new LeakyReLU(double.NaN));
    }

    [TestMethod]
    public void ConfigHasKerasKeysAndName()
    {
        var config = new LeakyReLU(0.2).GetConfig();
        CollectionAssert.AreEquivalent(new[] { "name", "trainable", "dtype", "negative_slope" }, config.Keys.ToArray());
        Assert.AreEqual(0.2, config["negative_slope"]);
        Assert.AreEqual("leaky_re_lu", config["name"]);
        Assert.AreEqual(0.3, new LeakyReLU().GetConfig()["negative_slope"]);
    }

    [TestMethod]
    public void SavesAndLoadsItsSlope()
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4), new LeakyReLU(0.05), new Dense(2)]);
        var path = Path.Combine(TempDir(), "leaky.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        Assert.AreEqual(0.05, ((LeakyReLU)loaded.Layers[1]).NegativeSlope);
        var x = randn(5, 3) * 4;
        using var _ = no_grad();
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(loaded.Apply(x)));
    }

    [TestMethod]
    public void LegacyAlphaInAConfigIsTheSlope()
    {
        // Keras 2 wrote {"alpha": 0.1}; Keras 3 reads it as negative_slope.
        var model = new Sequential([Keras.Input(shape: [2]), new LeakyReLU(0.3)]);
        var path = Path.Combine(TempDir(), "leaky.keras");
        model.Save(path);
        var legacy = Path.Combine(TempDir(), "legacy.keras");
        var config = ReadEntry(path, "config.json").Replace("\"negative_slope\": 0.3", "\"alpha\": 0.1");
        Assert.IsTrue(config.Contains("\"alpha\": 0.1"), "the edit applied");
        RewriteEntry(path, legacy, "config.json", System.Text.Encoding.UTF8.GetBytes(config));
        var loaded = Keras.Models.LoadModel(legacy);
        Assert.AreEqual(0.1, ((LeakyReLU)loaded.Layers[0]).NegativeSlope);
        Assert.AreEqual(0.1, loaded.Layers[0].GetConfig()["negative_slope"], "saved again under Keras 3's name");
    }
}
