using System.Buffers.Binary;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Appends records in TensorFlow's TFRecord framing, the container of TensorBoard event files: for each record,
/// its length (uint64 little-endian), the masked CRC-32C of those 8 length bytes, the record bytes, and the masked
/// CRC-32C of the record bytes.
/// </summary>
internal sealed class TFRecordWriter : IDisposable
{
    readonly Stream stream;

    /// <summary>Writes to <paramref name="stream"/>, which the writer then owns.</summary>
    public TFRecordWriter(Stream stream) => this.stream = stream;

    /// <summary>Appends one record.</summary>
    public void Write(ReadOnlySpan<byte> record)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)record.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C.Compute(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C.Compute(record));
        stream.Write(header);
        stream.Write(record);
        stream.Write(footer);
    }

    /// <summary>Pushes buffered records to the operating system, and to the disk when <paramref name="toDisk"/> is set.</summary>
    public void Flush(bool toDisk)
    {
        if (stream is FileStream file) file.Flush(toDisk);
        else stream.Flush();
    }

    /// <summary>Flushes to disk and closes the stream.</summary>
    public void Dispose()
    {
        Flush(toDisk: true);
        stream.Dispose();
    }
}
