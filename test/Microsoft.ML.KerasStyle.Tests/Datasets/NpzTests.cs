using System.Buffers.Binary;
using Microsoft.ML.KerasStyle.Datasets;
using static Microsoft.ML.KerasStyle.Tests.Datasets.DatasetTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Datasets;

[TestClass]
public sealed class NpzTests : KerasTestBase
{
    static byte[] LittleEndian(params long[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    [TestMethod]
    public void ReadsEveryArrayOfAnArchiveByName()
    {
        var file = Path.Combine(TempDir(), "arrays.npz");
        var pixels = Enumerable.Range(0, 2 * 2 * 3).Select(i => (byte)(200 + i)).ToArray();
        WriteNpz(file, ("x", NpyBytes("|u1", [2, 2, 3], pixels)), ("y", NpyBytes("<i8", [3], LittleEndian(-1, 0, 1L << 40), version: 2)));

        var arrays = Npz.Load(file);

        CollectionAssert.AreEqual(new[] { "x", "y" }, arrays.Keys.ToArray());
        Assert.AreEqual(ScalarType.Byte, arrays["x"].dtype);
        CollectionAssert.AreEqual(new long[] { 2, 2, 3 }, arrays["x"].shape);
        CollectionAssert.AreEqual(pixels, Bytes(arrays["x"]));
        Assert.AreEqual(ScalarType.Int64, arrays["y"].dtype);
        CollectionAssert.AreEqual(new[] { -1L, 0L, 1L << 40 }, Longs(arrays["y"]));
    }

    [TestMethod]
    public void FortranOrderComesBackRowMajor()
    {
        // [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6.
        var columnMajor = new byte[6 * 4];
        int[] stored = [1, 4, 2, 5, 3, 6];
        for (var i = 0; i < 6; i++) BinaryPrimitives.WriteInt32LittleEndian(columnMajor.AsSpan(4 * i), stored[i]);

        using var array = Npz.ReadArray(new MemoryStream(NpyBytes("<i4", [2, 3], columnMajor, fortranOrder: true)));

        CollectionAssert.AreEqual(new long[] { 2, 3 }, array.shape);
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5, 6 }, array.data<int>().ToArray());
    }

    [TestMethod]
    public void BigEndianFloatsAreSwapped()
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(bytes, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4), -0.25f);
        using var array = Npz.ReadArray(new MemoryStream(NpyBytes(">f4", [2], bytes)));
        Assert.AreEqual(ScalarType.Float32, array.dtype);
        CollectionAssert.AreEqual(new[] { 1.5f, -0.25f }, array.data<float>().ToArray());
    }

    [TestMethod]
    public void NotAZipArchiveSaysSo()
    {
        var file = Path.Combine(TempDir(), "mnist.npz");
        File.WriteAllBytes(file, NpyBytes("|u1", [1], [0]));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Npz.Load(file));
        StringAssert.Contains(error.Message, file);
        StringAssert.Contains(error.Message, "not a .npz file");
    }

    [TestMethod]
    public void UnsupportedDtypesAndObjectsAreNamed()
    {
        var unsigned = Assert.ThrowsExactly<InvalidDataException>(() => Npz.ReadArray(new MemoryStream(NpyBytes("<u4", [1], new byte[4])), "y_train"));
        StringAssert.Contains(unsigned.Message, "'<u4' is not supported");
        StringAssert.Contains(unsigned.Message, "y_train");
        var pickled = Assert.ThrowsExactly<InvalidDataException>(() => Npz.ReadArray(new MemoryStream(NpyBytes("|O", [1], new byte[8]))));
        StringAssert.Contains(pickled.Message, "object arrays are not supported");
    }

    [TestMethod]
    public void TruncatedArrayAndBadMagicAreClear()
    {
        var truncated = Assert.ThrowsExactly<InvalidDataException>(() => Npz.ReadArray(new MemoryStream(NpyBytes("|u1", [10, 28, 28], new byte[100])), "x_test"));
        StringAssert.Contains(truncated.Message, "needs 7840 bytes, found 100");
        var notNpy = Assert.ThrowsExactly<InvalidDataException>(() => Npz.ReadArray(new MemoryStream("PK\x03\x04 plus more"u8.ToArray())));
        StringAssert.Contains(notNpy.Message, "\\x93NUMPY");
    }
}
