using Microsoft.ML.KerasStyle.Datasets;
using static Microsoft.ML.KerasStyle.Tests.Datasets.DatasetTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Datasets;

[TestClass]
public sealed class IdxTests : KerasTestBase
{
    [TestMethod]
    public void RawImageFileGivesHeaderShapeAndBytesInOrder()
    {
        var pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        var file = Path.Combine(TempDir(), "images-idx3-ubyte");
        File.WriteAllBytes(file, IdxBytes(pixels, 2, 3, 4));

        using var images = Idx.Read(file);

        Assert.AreEqual(ScalarType.Byte, images.dtype);
        CollectionAssert.AreEqual(new long[] { 2, 3, 4 }, images.shape);
        CollectionAssert.AreEqual(pixels, Bytes(images));
        Assert.AreEqual(230, images[1, 2, 3].item<byte>(), "last pixel: index 23 × 10");
    }

    [TestMethod]
    public void GzippedLabelFileIsDecompressed()
    {
        var file = Path.Combine(TempDir(), "train-labels-idx1-ubyte.gz");
        File.WriteAllBytes(file, Gzip(IdxBytes([9, 0, 0, 3, 255], 5)));

        using var labels = Idx.Read(file);

        CollectionAssert.AreEqual(new long[] { 5 }, labels.shape);
        CollectionAssert.AreEqual(new byte[] { 9, 0, 0, 3, 255 }, Bytes(labels));
    }

    [TestMethod]
    public void GzipIsRecognisedByContentNotByName()
    {
        var dir = TempDir();
        var gzippedWithoutSuffix = Path.Combine(dir, "labels");
        var rawWithGzSuffix = Path.Combine(dir, "labels.gz");
        File.WriteAllBytes(gzippedWithoutSuffix, Gzip(IdxBytes([1, 2, 3], 3)));
        File.WriteAllBytes(rawWithGzSuffix, IdxBytes([4, 5], 2));

        using var a = Idx.Read(gzippedWithoutSuffix);
        using var b = Idx.Read(rawWithGzSuffix);

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, Bytes(a));
        CollectionAssert.AreEqual(new byte[] { 4, 5 }, Bytes(b));
    }

    [TestMethod]
    public void ReadingAStreamLeavesItOpen()
    {
        using var stream = new MemoryStream(Gzip(IdxBytes([7, 8], 2)));
        using var labels = Idx.Read(stream);
        Assert.IsTrue(stream.CanRead, "the caller's stream is still open");
        CollectionAssert.AreEqual(new byte[] { 7, 8 }, Bytes(labels));
    }

    [TestMethod]
    public void WrongMagicNamesTheFileAndTheExpectedMagic()
    {
        var file = Path.Combine(TempDir(), "not-idx.gz");
        File.WriteAllBytes(file, Gzip([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Idx.Read(file));
        StringAssert.Contains(error.Message, file);
        StringAssert.Contains(error.Message, "0x504B0304");
        StringAssert.Contains(error.Message, "0x00000803");
    }

    [TestMethod]
    public void OtherElementTypesAreRefusedByCode()
    {
        var bytes = IdxBytes(new byte[8], 2);
        bytes[2] = 0x0D; // float32 elements
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Idx.Read(new MemoryStream(bytes), "floats.idx"));
        StringAssert.Contains(error.Message, "0x0D");
        StringAssert.Contains(error.Message, "floats.idx");
    }

    [TestMethod]
    public void TruncatedDataSaysHowMuchWasExpected()
    {
        var bytes = IdxBytes(new byte[2 * 28 * 28], 2, 28, 28)[..^100];
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Idx.Read(new MemoryStream(Gzip(bytes)), "short.gz"));
        StringAssert.Contains(error.Message, "truncated");
        StringAssert.Contains(error.Message, "(2, 28, 28) = 1568 bytes");
        StringAssert.Contains(error.Message, "only 1468 follow", "1568 − 100");
    }

    [TestMethod]
    public void MissingFileIsFileNotFound()
    {
        var path = Path.Combine(TempDir(), "absent-idx1-ubyte.gz");
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Idx.Read(path));
        Assert.AreEqual(path, error.FileName);
    }
}
