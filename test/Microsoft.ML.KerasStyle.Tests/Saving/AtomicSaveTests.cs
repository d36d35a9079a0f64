using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class AtomicSaveTests : KerasTestBase
{
    [TestCleanup]
    public void RemoveHook() => AtomicFile.WritingHook = null;

    static Sequential Model(int units) => new([Keras.Input(shape: [2]), new Dense(units)]);

    [TestMethod]
    public void CrashWhileSavingLeavesThePreviousFileIntact()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "model.keras");
        var first = Model(3);
        first.Save(path);
        var original = File.ReadAllBytes(path);

        // The crash happens after the metadata and config are written, before the weights.
        AtomicFile.WritingHook = _ => throw new IOException("simulated crash while writing");
        var error = Assert.ThrowsExactly<IOException>(() => Model(5).Save(path));
        Assert.AreEqual("simulated crash while writing", error.Message);
        AtomicFile.WritingHook = null;

        CollectionAssert.AreEqual(original, File.ReadAllBytes(path), "the previous file is untouched");
        CollectionAssert.AreEqual(new[] { "model.keras" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray(), "no temporary file is left");
        var x = randn(2, 2);
        CollectionAssert.AreEqual(Values(first.Apply(x)), Values(Keras.Models.LoadModel(path).Apply(x)));
    }

    [TestMethod]
    public void CrashWhileSavingWeightsLeavesThePreviousFileIntact()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "model.weights.h5");
        Model(3).SaveWeights(path);
        var original = File.ReadAllBytes(path);
        var hooked = new List<string>();
        AtomicFile.WritingHook = p =>
        {
            hooked.Add(p);
            throw new IOException("disk full");
        };
        Assert.ThrowsExactly<IOException>(() => Model(3).SaveWeights(path));
        Assert.AreEqual(1, hooked.Count, "the failure happened mid-write");
        CollectionAssert.AreEqual(original, File.ReadAllBytes(path));
        Assert.AreEqual(1, Directory.GetFiles(directory).Length);
    }

    [TestMethod]
    public void ALayerThatCannotBeSerializedFailsBeforeTheFileIsTouched()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "model.keras");
        Model(3).Save(path);
        var original = File.ReadAllBytes(path);
        var broken = new Sequential([Keras.Input(shape: [2]), new UnserializableLayer()]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => broken.Save(path));
        StringAssert.Contains(error.Message, "config is broken");
        CollectionAssert.AreEqual(original, File.ReadAllBytes(path));
        Assert.AreEqual(1, Directory.GetFiles(directory).Length);
    }

    [TestMethod]
    public void ExistingFileIsKeptWhenOverwriteIsFalse()
    {
        var path = Path.Combine(TempDir(), "model.keras");
        Model(3).Save(path);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Model(3).Save(path, overwrite: false));
        StringAssert.Contains(error.Message, "overwrite");
        var directoryError = Assert.ThrowsExactly<DirectoryNotFoundException>(() => Model(3).Save(Path.Combine(TempDir(), "no", "such", "m.keras")));
        StringAssert.Contains(directoryError.Message, "does not exist");
    }

    sealed class UnserializableLayer : Layer
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs;

        public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

        public override Dictionary<string, object?> GetConfig() => throw new InvalidOperationException("this layer's config is broken");
    }
}
