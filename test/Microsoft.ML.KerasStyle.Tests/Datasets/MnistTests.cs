using Microsoft.ML.KerasStyle.Datasets;
using static Microsoft.ML.KerasStyle.Tests.Datasets.DatasetTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Datasets;

[TestClass]
public sealed class MnistTests : KerasTestBase
{
    static readonly byte[] TrainLabels = [5, 0, 4];
    static readonly byte[] TestLabels = [7, 2];

    static DatasetLocator Locator(string root, params string[] fashionDirs) =>
        new([Path.Combine(root, "home-a", "datasets"), Path.Combine(root, "home-b", "datasets")], fashionDirs);

    static void AssertHandMade(((Tensor Images, Tensor Labels) Train, (Tensor Images, Tensor Labels) Test) data)
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = data;
        Assert.AreEqual(ScalarType.Byte, trainImages.dtype);
        CollectionAssert.AreEqual(new long[] { 3, 28, 28 }, trainImages.shape);
        CollectionAssert.AreEqual(new long[] { 2, 28, 28 }, testImages.shape);
        CollectionAssert.AreEqual(Pixels(3), Bytes(trainImages));
        CollectionAssert.AreEqual(Pixels(2), Bytes(testImages));
        Assert.AreEqual(ScalarType.Int64, trainLabels.dtype, "labels are int64 for sparse losses");
        CollectionAssert.AreEqual(new long[] { 5, 0, 4 }, Longs(trainLabels));
        CollectionAssert.AreEqual(new long[] { 7, 2 }, Longs(testLabels));
    }

    [TestMethod]
    public void KerasNpzInALaterCacheFolderIsFound()
    {
        var root = TempDir();
        var locator = Locator(root);
        Directory.CreateDirectory(locator.KerasDatasetDirectories[1]);
        WriteMnistNpz(Path.Combine(locator.KerasDatasetDirectories[1], "mnist.npz"), TrainLabels, TestLabels);

        AssertHandMade(Keras.Datasets.Mnist.LoadFrom(locator, null));
    }

    [TestMethod]
    public void KerasHomeIsSearchedFirstByThePublicLoader()
    {
        var kerasHome = TempDir();
        Directory.CreateDirectory(Path.Combine(kerasHome, "datasets"));
        WriteMnistNpz(Path.Combine(kerasHome, "datasets", "mnist.npz"), TrainLabels, TestLabels);
        var previous = Environment.GetEnvironmentVariable("KERAS_HOME");
        try
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", kerasHome);
            var locator = DatasetLocator.FromEnvironment();
            Assert.AreEqual(Path.Combine(kerasHome, "datasets"), locator.KerasDatasetDirectories[0]);
            CollectionAssert.Contains(locator.KerasDatasetDirectories.ToList(),
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras", "datasets"));
            CollectionAssert.AreEqual(new[] { "/usr/share/datasets/fashion-mnist" }, locator.SystemFashionMnistDirectories.ToArray());

            AssertHandMade(Keras.Datasets.Mnist.LoadData());
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_HOME", previous);
        }
    }

    [TestMethod]
    public void ExplicitFolderOfGzippedIdxFiles()
    {
        var dir = Path.Combine(TempDir(), "mnist-idx");
        WriteIdxSet(dir, TrainLabels, TestLabels);
        AssertHandMade(Keras.Datasets.Mnist.LoadData(dir));
    }

    [TestMethod]
    public void ExplicitFolderOfRawIdxFilesAndOneOfThoseFiles()
    {
        var dir = Path.Combine(TempDir(), "mnist-raw");
        WriteIdxSet(dir, TrainLabels, TestLabels, gzip: false);
        AssertHandMade(Keras.Datasets.Mnist.LoadData(dir));
        AssertHandMade(Keras.Datasets.Mnist.LoadData(Path.Combine(dir, "t10k-labels-idx1-ubyte")));
    }

    [TestMethod]
    public void ExplicitNpzFileAndRelativeNameUnderTheCache()
    {
        var root = TempDir();
        var file = Path.Combine(root, "my-mnist.npz");
        WriteMnistNpz(file, TrainLabels, TestLabels);
        AssertHandMade(Keras.Datasets.Mnist.LoadData(file));

        // Keras's path="mnist.npz" is relative to the cache folder.
        var locator = Locator(root);
        Directory.CreateDirectory(locator.KerasDatasetDirectories[0]);
        File.Copy(file, Path.Combine(locator.KerasDatasetDirectories[0], "renamed.npz"));
        AssertHandMade(Keras.Datasets.Mnist.LoadFrom(locator, "renamed.npz"));
    }

    [TestMethod]
    public void MissingDataListsEveryPlaceLookedAndHowToGetIt()
    {
        var root = TempDir();
        var locator = Locator(root);
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Datasets.Mnist.LoadFrom(locator, null));
        foreach (var dir in locator.KerasDatasetDirectories)
        {
            StringAssert.Contains(error.Message, Path.Combine(dir, "mnist.npz"));
            StringAssert.Contains(error.Message, Path.Combine(dir, "mnist") + "/");
        }
        StringAssert.Contains(error.Message, "nothing is downloaded");
        StringAssert.Contains(error.Message, "~/.keras/datasets");
        StringAssert.Contains(error.Message, "apt-get install dataset-fashion-mnist");
        Assert.AreEqual("mnist.npz", error.FileName);
    }

    [TestMethod]
    public void MissingExplicitPathIsNotReplacedByOtherData()
    {
        var root = TempDir();
        var locator = Locator(root);
        Directory.CreateDirectory(locator.KerasDatasetDirectories[0]);
        WriteMnistNpz(Path.Combine(locator.KerasDatasetDirectories[0], "mnist.npz"), TrainLabels, TestLabels);
        var absent = Path.Combine(root, "elsewhere", "mnist.npz");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Datasets.Mnist.LoadFrom(locator, absent));
        StringAssert.Contains(error.Message, absent + " (no such file or folder)");
    }

    [TestMethod]
    public void IncompleteIdxFolderNamesTheMissingFiles()
    {
        var dir = Path.Combine(TempDir(), "partial");
        WriteIdxSet(dir, TrainLabels, TestLabels);
        File.Delete(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Datasets.Mnist.LoadData(dir));
        StringAssert.Contains(error.Message, "lacks t10k-labels-idx1-ubyte[.gz]");
    }

    [TestMethod]
    public void FallsBackToFashionMnistAndSaysSo()
    {
        var root = TempDir();
        var fashionDir = Path.Combine(root, "system", "fashion-mnist");
        WriteIdxSet(fashionDir, TrainLabels, TestLabels);
        var locator = Locator(root, fashionDir);

        var data = Keras.Datasets.Mnist.LoadOrFashionMnistFrom(locator, out var source, null);

        AssertHandMade(data);
        Assert.IsTrue(source.IsFallback);
        Assert.AreEqual("fashion_mnist", source.Name);
        Assert.AreEqual(fashionDir, source.Location);
        StringAssert.StartsWith(source.ToString(), $"Fashion-MNIST from {fashionDir}: MNIST was not found");
        StringAssert.Contains(source.Description, Path.Combine(locator.KerasDatasetDirectories[0], "mnist.npz"));
        StringAssert.Contains(source.Description, "9 Ankle boot");
    }

    [TestMethod]
    public void NoFallbackWhenMnistIsThere()
    {
        var root = TempDir();
        var fashionDir = Path.Combine(root, "fashion");
        WriteIdxSet(fashionDir, [1], [1]);
        var locator = Locator(root, fashionDir);
        Directory.CreateDirectory(locator.KerasDatasetDirectories[0]);
        var npz = Path.Combine(locator.KerasDatasetDirectories[0], "mnist.npz");
        WriteMnistNpz(npz, TrainLabels, TestLabels);

        AssertHandMade(Keras.Datasets.Mnist.LoadOrFashionMnistFrom(locator, out var source, null));
        Assert.IsFalse(source.IsFallback);
        Assert.AreEqual("mnist", source.Name);
        Assert.AreEqual($"MNIST from {npz}.", source.Description);
    }

    [TestMethod]
    public void NeitherDatasetListsBothSearches()
    {
        var root = TempDir();
        var locator = Locator(root, Path.Combine(root, "no-debian-package"));
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Datasets.Mnist.LoadOrFashionMnistFrom(locator, out _, null));
        StringAssert.Contains(error.Message, "Neither MNIST nor Fashion-MNIST was found");
        StringAssert.Contains(error.Message, "MNIST: " + Path.Combine(locator.KerasDatasetDirectories[1], "mnist.npz"));
        StringAssert.Contains(error.Message, "Fashion-MNIST: " + Path.Combine(locator.KerasDatasetDirectories[1], "fashion-mnist") + "/");
        StringAssert.Contains(error.Message, "Fashion-MNIST: " + Path.Combine(root, "no-debian-package") + "/");
        StringAssert.Contains(error.Message, "apt-get install dataset-fashion-mnist");
    }

    [TestMethod]
    public void InconsistentFilesAreInvalidData()
    {
        var root = TempDir();
        var missingArray = Path.Combine(root, "three-arrays.npz");
        WriteNpz(missingArray,
            ("x_train", NpyBytes("|u1", [1, 28, 28], Pixels(1))), ("y_train", NpyBytes("|u1", [1], [3])), ("x_test", NpyBytes("|u1", [1, 28, 28], Pixels(1))));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Keras.Datasets.Mnist.LoadData(missingArray));
        StringAssert.Contains(error.Message, "lacks the array(s) y_test");

        var dir = Path.Combine(root, "mismatch");
        WriteIdxSet(dir, TrainLabels, TestLabels);
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), Gzip(IdxBytes([1, 2], 2)));
        var mismatch = Assert.ThrowsExactly<InvalidDataException>(() => Keras.Datasets.Mnist.LoadData(dir));
        StringAssert.Contains(mismatch.Message, "train split");
        StringAssert.Contains(mismatch.Message, "3 images but 2 labels");
    }
}
