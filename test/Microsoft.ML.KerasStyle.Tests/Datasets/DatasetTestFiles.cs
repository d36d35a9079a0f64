using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Microsoft.ML.KerasStyle.Tests.Datasets;

/// <summary>Hand-made IDX, .npy and .npz bytes, written byte by byte from the formats' specifications.</summary>
internal static class DatasetTestFiles
{
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kerasstyle-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>IDX: 00 00 08 rank, big-endian 32-bit sizes, then the bytes.</summary>
    public static byte[] IdxBytes(byte[] data, params int[] shape)
    {
        var bytes = new byte[4 + 4 * shape.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)shape.Length;
        for (var d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), shape[d]);
        data.CopyTo(bytes, 4 + 4 * shape.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>.npy: \x93NUMPY, version, little-endian header length, a dict literal padded with spaces to 64 bytes, the data.</summary>
    public static byte[] NpyBytes(string descr, long[] shape, byte[] data, bool fortranOrder = false, int version = 1)
    {
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        var prefix = 6 + 2 + (version == 1 ? 2 : 4);
        var padded = dict.PadRight((prefix + dict.Length + 1 + 63) / 64 * 64 - prefix - 1) + "\n";
        using var output = new MemoryStream();
        output.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)padded.Length);
        output.Write(length);
        output.Write(Encoding.ASCII.GetBytes(padded));
        output.Write(data);
        return output.ToArray();
    }

    public static void WriteNpz(string path, params (string Name, byte[] Npy)[] arrays)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, npy) in arrays)
        {
            using var entry = zip.CreateEntry(name + ".npy").Open();
            entry.Write(npy);
        }
    }

    /// <summary>Deterministic pixels: image i, pixel p has (i * 31 + p * 7) mod 256.</summary>
    public static byte[] Pixels(int count, int rows = 28, int columns = 28)
    {
        var data = new byte[count * rows * columns];
        for (var i = 0; i < count; i++)
            for (var p = 0; p < rows * columns; p++)
                data[i * rows * columns + p] = (byte)((i * 31 + p * 7) % 256);
        return data;
    }

    /// <summary>A Keras-style mnist.npz: x_* uint8 (N, 28, 28), y_* uint8 (N).</summary>
    public static void WriteMnistNpz(string path, byte[] trainLabels, byte[] testLabels) =>
        WriteNpz(path,
            ("x_train", NpyBytes("|u1", [trainLabels.Length, 28, 28], Pixels(trainLabels.Length))),
            ("y_train", NpyBytes("|u1", [trainLabels.Length], trainLabels)),
            ("x_test", NpyBytes("|u1", [testLabels.Length, 28, 28], Pixels(testLabels.Length))),
            ("y_test", NpyBytes("|u1", [testLabels.Length], testLabels)));

    /// <summary>The four gzipped IDX files of an MNIST-style dataset in <paramref name="dir"/>.</summary>
    public static void WriteIdxSet(string dir, byte[] trainLabels, byte[] testLabels, bool gzip = true)
    {
        Directory.CreateDirectory(dir);
        void Write(string stem, byte[] bytes) =>
            File.WriteAllBytes(Path.Combine(dir, gzip ? stem + ".gz" : stem), gzip ? Gzip(bytes) : bytes);
        Write("train-images-idx3-ubyte", IdxBytes(Pixels(trainLabels.Length), trainLabels.Length, 28, 28));
        Write("train-labels-idx1-ubyte", IdxBytes(trainLabels, trainLabels.Length));
        Write("t10k-images-idx3-ubyte", IdxBytes(Pixels(testLabels.Length), testLabels.Length, 28, 28));
        Write("t10k-labels-idx1-ubyte", IdxBytes(testLabels, testLabels.Length));
    }

    public static byte[] Bytes(Tensor t) => t.data<byte>().ToArray();

    public static long[] Longs(Tensor t) => t.data<long>().ToArray();
}
