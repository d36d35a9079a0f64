using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Datasets;

/// <summary>
/// Reads IDX files, the format of the original MNIST and of Fashion-MNIST (<c>train-images-idx3-ubyte.gz</c>, …):
/// a 4-byte magic <c>00 00 08 n</c> (unsigned bytes, <c>n</c> dimensions; 0x00000803 for images, 0x00000801 for labels),
/// <c>n</c> big-endian 32-bit sizes, then the bytes in row-major order. Gzipped files are recognised by their content,
/// whatever their name.
/// </summary>
public static class Idx
{
    /// <summary>The IDX type code of unsigned bytes, the only element type that MNIST-style files use.</summary>
    const byte UnsignedByte = 0x08;

    /// <summary>Reads the IDX file at <paramref name="path"/> (raw or gzipped) into a <c>uint8</c> tensor of the header's shape.</summary>
    /// <param name="path">The file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <returns>A <c>uint8</c> tensor: (N, rows, columns) for image files, (N) for label files.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an IDX file of unsigned bytes, or is truncated.</exception>
    public static Tensor Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads one IDX file from <paramref name="stream"/> (raw or gzipped) into a <c>uint8</c> tensor.</summary>
    /// <param name="stream">The file's content, positioned at its first byte; it must be seekable (so that gzip can be detected) and is left open.</param>
    /// <param name="name">What to call the data in error messages. Defaults to <c>IDX stream</c>.</param>
    /// <returns>A <c>uint8</c> tensor of the shape the header gives.</returns>
    /// <exception cref="InvalidDataException">The data is not an IDX file of unsigned bytes, or is truncated.</exception>
    public static Tensor Read(Stream stream, string name = "IDX stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        // The caller's stream stays open: only the decompressor made here is disposed.
        using var gzip = IsGzip(stream) ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : null;
        var content = gzip ?? stream;

        Span<byte> magic = stackalloc byte[4];
        if (ReadFully(content, magic) < 4) throw new InvalidDataException($"'{name}' is not an IDX file: it is shorter than the 4-byte magic number.");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException(
                $"'{name}' is not an IDX file: its magic number is 0x{Convert.ToHexString(magic)}, expected 0x0000080n " +
                "(0x00000803 for images, 0x00000801 for labels).");
        if (magic[2] != UnsignedByte)
            throw new InvalidDataException(
                $"'{name}' holds IDX element type 0x{magic[2]:X2}; only 0x08 (unsigned byte, as in MNIST and Fashion-MNIST) is supported.");
        int rank = magic[3];
        if (rank == 0) throw new InvalidDataException($"'{name}': the IDX header declares 0 dimensions.");

        var sizes = new byte[4 * rank];
        if (ReadFully(content, sizes) < sizes.Length) throw new InvalidDataException($"'{name}' is truncated inside its IDX header ({rank} dimension sizes expected).");
        var shape = new long[rank];
        long count = 1;
        for (var d = 0; d < rank; d++)
        {
            // Sizes are big-endian and, per the format, unsigned 32-bit; anything beyond an array's reach is corrupt.
            shape[d] = BinaryPrimitives.ReadUInt32BigEndian(sizes.AsSpan(4 * d));
            count *= shape[d];
            if (count > Array.MaxLength)
                throw new InvalidDataException($"'{name}': the IDX header's shape ({string.Join(", ", shape[..(d + 1)])}, …) is too large to be real data.");
        }

        // One bulk read into the exact array the tensor is made from: no per-pixel work.
        var data = new byte[count];
        var read = ReadFully(content, data);
        if (read < count)
            throw new InvalidDataException(
                $"'{name}' is truncated: its header declares shape ({string.Join(", ", shape)}) = {count} bytes of data, but only {read} follow.");
        return tensor(data, shape, ScalarType.Byte);
    }

    /// <summary>
    /// Whether the data starts with gzip's 1F 8B signature (so a raw file named .gz, or a gzipped one without the
    /// suffix, still reads); the stream is left where it was.
    /// </summary>
    static bool IsGzip(Stream stream)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("The IDX stream must be seekable (a file stream or a MemoryStream) so that gzip can be detected.", nameof(stream));
        Span<byte> signature = stackalloc byte[2];
        var peeked = ReadFully(stream, signature);
        stream.Seek(-peeked, SeekOrigin.Current);
        return peeked == 2 && signature[0] == 0x1F && signature[1] == 0x8B;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    static int ReadFully(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
