using System.Diagnostics;
using System.IO.Compression;
using Microsoft.ML.KerasStyle.Datasets;
using static Microsoft.ML.KerasStyle.Tests.Datasets.DatasetTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Datasets;

[TestClass]
public sealed class FashionMnistTests : KerasTestBase
{
    const string Debian = "/usr/share/datasets/fashion-mnist";

    static void RequireDebianPackage()
    {
        if (!File.Exists(Path.Combine(Debian, "train-images-idx3-ubyte.gz")))
            Assert.Inconclusive($"Debian's dataset-fashion-mnist is not installed ({Debian} is absent): apt-get install dataset-fashion-mnist.");
    }

    /// <summary>The file's bytes after its gzip layer, read without the code under test.</summary>
    static byte[] Gunzip(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    [TestMethod]
    public void DebianFilesLoadWithKerasShapesAndKnownContent()
    {
        RequireDebianPackage();
        var clock = Stopwatch.StartNew();
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData(Debian);
        clock.Stop();

        CollectionAssert.AreEqual(new long[] { 60000, 28, 28 }, trainImages.shape);
        CollectionAssert.AreEqual(new long[] { 10000, 28, 28 }, testImages.shape);
        Assert.AreEqual(ScalarType.Byte, testImages.dtype);
        Assert.AreEqual(ScalarType.Int64, trainLabels.dtype);
        var train = Longs(trainLabels);
        var test = Longs(testLabels);
        Assert.AreEqual(9, train[0], "Fashion-MNIST's first training image is an ankle boot");
        Assert.AreEqual(9, test[0], "so is its first test image");

        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images of each of the 10 classes.
        var trainCounts = new int[10];
        var testCounts = new int[10];
        foreach (var label in train) trainCounts[label]++;
        foreach (var label in test) testCounts[label]++;
        CollectionAssert.AreEqual(Enumerable.Repeat(6000, 10).ToArray(), trainCounts);
        CollectionAssert.AreEqual(Enumerable.Repeat(1000, 10).ToArray(), testCounts);

        // Pixels match the files byte for byte (IDX images start after a 16-byte header): first and last images.
        var rawTrain = Gunzip(Path.Combine(Debian, "train-images-idx3-ubyte.gz"));
        var rawTest = Gunzip(Path.Combine(Debian, "t10k-images-idx3-ubyte.gz"));
        CollectionAssert.AreEqual(rawTrain[16..(16 + 784)], Bytes(trainImages[0]));
        CollectionAssert.AreEqual(rawTest[^784..], Bytes(testImages[9999]));

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(15), $"70,000 images took {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"Fashion-MNIST loaded in {clock.ElapsedMilliseconds} ms");
    }

    [TestMethod]
    public void DefaultSearchFindsTheDebianPackage()
    {
        RequireDebianPackage();
        var root = TempDir();
        var locator = new DatasetLocator([Path.Combine(root, "datasets")], [Debian]);
        var ((trainImages, trainLabels), _) = Keras.Datasets.FashionMnist.LoadFrom(locator, null);
        Assert.AreEqual(60000, trainImages.shape[0]);
        Assert.AreEqual(9, trainLabels[0].item<long>());

        // And the public loader, whatever copy the machine's search reaches first, is Fashion-MNIST all the same.
        var ((publicTrain, _), (publicTest, _)) = Keras.Datasets.FashionMnist.LoadData();
        Assert.AreEqual(60000, publicTrain.shape[0]);
        Assert.AreEqual(10000, publicTest.shape[0]);
    }

    [TestMethod]
    public void KerasCacheFolderComesBeforeTheSystemFolder()
    {
        var root = TempDir();
        var datasets = Path.Combine(root, "datasets");
        WriteIdxSet(Path.Combine(datasets, "fashion-mnist"), [9, 0, 0], [9, 2]);
        var locator = new DatasetLocator([datasets], [Debian]);

        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadFrom(locator, null);

        CollectionAssert.AreEqual(new long[] { 3, 28, 28 }, trainImages.shape);
        CollectionAssert.AreEqual(new long[] { 9, 0, 0 }, Longs(trainLabels));
        CollectionAssert.AreEqual(Pixels(2), Bytes(testImages));
        CollectionAssert.AreEqual(new long[] { 9, 2 }, Longs(testLabels));
    }

    [TestMethod]
    public void MissingDataListsEveryPlaceLookedAndTheDebianPackage()
    {
        var root = TempDir();
        var locator = new DatasetLocator([Path.Combine(root, "a", "datasets"), Path.Combine(root, "b", "datasets")], [Path.Combine(root, "usr-share")]);
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Datasets.FashionMnist.LoadFrom(locator, null));
        StringAssert.Contains(error.Message, "Fashion-MNIST was not found");
        StringAssert.Contains(error.Message, Path.Combine(root, "a", "datasets", "fashion-mnist") + "/");
        StringAssert.Contains(error.Message, Path.Combine(root, "b", "datasets", "fashion-mnist") + "/");
        StringAssert.Contains(error.Message, Path.Combine(root, "usr-share") + "/");
        StringAssert.Contains(error.Message, "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz");
        StringAssert.Contains(error.Message, "apt-get install dataset-fashion-mnist");
        StringAssert.Contains(error.Message, "~/.keras/datasets/fashion-mnist/");
    }

    [TestMethod]
    public void ClassNamesAreKerassTen()
    {
        Assert.HasCount(10, Keras.Datasets.FashionMnist.ClassNames);
        Assert.AreEqual("T-shirt/top", Keras.Datasets.FashionMnist.ClassNames[0]);
        Assert.AreEqual("Ankle boot", Keras.Datasets.FashionMnist.ClassNames[9]);
    }
}
