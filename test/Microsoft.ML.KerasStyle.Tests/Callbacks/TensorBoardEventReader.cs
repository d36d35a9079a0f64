using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

/// <summary>One decoded <c>Summary.Value</c>: the fields the tests look at.</summary>
sealed record SummaryValueRecord(string Tag, string? PluginName, int DType, long[] Shape, byte[] TensorContent, List<byte[]> StringValues)
{
    /// <summary>The float32 scalar of a <c>scalars</c> summary (tensor_content holds 4 little-endian bytes).</summary>
    public float Scalar => DType == 1 && Shape.Length == 0 && TensorContent.Length == 4
        ? BinaryPrimitives.ReadSingleLittleEndian(TensorContent)
        : throw new InvalidOperationException($"'{Tag}' is not a float32 scalar (dtype {DType}, shape [{string.Join(",", Shape)}]).");

    /// <summary>The float64 values of a tensor (row-major).</summary>
    public double[] Doubles => DType == 2
        ? Enumerable.Range(0, TensorContent.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(TensorContent.AsSpan(i * 8))).ToArray()
        : throw new InvalidOperationException($"'{Tag}' is not a float64 tensor (dtype {DType}).");
}

/// <summary>One decoded <c>Event</c>.</summary>
sealed record EventRecord(double WallTime, long Step, string? FileVersion, List<SummaryValueRecord> Values);

/// <summary>
/// Reads TensorBoard event files back without any of the code under test or a protobuf library: TFRecord framing
/// with its own bitwise CRC-32C and TensorFlow's mask, then a hand-written protobuf wire-format decoder for the
/// Event, Summary, SummaryMetadata, TensorProto and TensorShapeProto fields the tests assert.
/// </summary>
static class TensorBoardEventReader
{
    /// <summary>Every event of <paramref name="path"/>, checking every record's length and data checksums.</summary>
    public static List<EventRecord> ReadEvents(string path) => ReadRecords(File.ReadAllBytes(path)).Select(DecodeEvent).ToList();

    /// <summary>The records of TFRecord bytes; throws <see cref="InvalidDataException"/> on a bad checksum or truncation.</summary>
    public static List<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        var offset = 0;
        while (offset < file.Length)
        {
            if (file.Length - offset < 12) throw new InvalidDataException($"Truncated record header at byte {offset}.");
            var lengthBytes = file.AsSpan(offset, 8);
            var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes));
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8)) != MaskedCrc(lengthBytes))
                throw new InvalidDataException($"Bad length checksum at byte {offset}.");
            offset += 12;
            if (file.Length - offset < length + 4) throw new InvalidDataException($"Truncated record at byte {offset}.");
            var data = file.AsSpan(offset, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + length)) != MaskedCrc(data))
                throw new InvalidDataException($"Bad data checksum at byte {offset}.");
            records.Add(data.ToArray());
            offset += length + 4;
        }
        return records;
    }

    /// <summary>CRC-32C, bit by bit (reflected Castagnoli polynomial 0x82F63B78), as the RFC 3720 appendix defines it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>TensorFlow's masked CRC: ((crc >> 15) | (crc << 17)) + 0xa282ead8.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    // Event: wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5 (Summary).
    static EventRecord DecodeEvent(byte[] bytes)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        var values = new List<SummaryValueRecord>();
        foreach (var field in Fields(bytes))
            switch (field.Number)
            {
                case 1: wallTime = BitConverter.Int64BitsToDouble((long)field.Fixed(WireFixed64)); break;
                case 2: step = (long)field.Varint(); break;
                case 3: fileVersion = Encoding.UTF8.GetString(field.Bytes()); break;
                case 5:
                    // Summary: value = 1 (repeated Value).
                    foreach (var value in Fields(field.Bytes()).Where(f => f.Number == 1)) values.Add(DecodeValue(value.Bytes()));
                    break;
            }
        return new EventRecord(wallTime, step, fileVersion, values);
    }

    // Value: tag = 1, tensor = 8 (TensorProto), metadata = 9 (SummaryMetadata).
    static SummaryValueRecord DecodeValue(byte[] bytes)
    {
        string tag = "";
        string? plugin = null;
        int dtype = 0;
        var shape = new List<long>();
        var content = Array.Empty<byte>();
        var strings = new List<byte[]>();
        foreach (var field in Fields(bytes))
            switch (field.Number)
            {
                case 1: tag = Encoding.UTF8.GetString(field.Bytes()); break;
                case 9:
                    // SummaryMetadata.plugin_data = 1 → PluginData.plugin_name = 1.
                    foreach (var pluginData in Fields(field.Bytes()).Where(f => f.Number == 1))
                        foreach (var name in Fields(pluginData.Bytes()).Where(f => f.Number == 1))
                            plugin = Encoding.UTF8.GetString(name.Bytes());
                    break;
                case 8:
                    // TensorProto: dtype = 1, tensor_shape = 2 (dim = 2 → size = 1), tensor_content = 4, string_val = 8.
                    foreach (var t in Fields(field.Bytes()))
                        switch (t.Number)
                        {
                            case 1: dtype = (int)t.Varint(); break;
                            case 2:
                                foreach (var dim in Fields(t.Bytes()).Where(f => f.Number == 2))
                                    shape.Add(Fields(dim.Bytes()).Where(f => f.Number == 1).Select(f => (long)f.Varint()).SingleOrDefault());
                                break;
                            case 4: content = t.Bytes(); break;
                            case 8: strings.Add(t.Bytes()); break;
                        }
                    break;
            }
        return new SummaryValueRecord(tag, plugin, dtype, shape.ToArray(), content, strings);
    }

    const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;

    /// <summary>One field of a protobuf message: its number, wire type and raw payload.</summary>
    readonly record struct Field(int Number, int WireType, ulong Value, byte[]? Payload)
    {
        public ulong Varint() => WireType == WireVarint ? Value : throw new InvalidDataException($"Field {Number} is not a varint (wire type {WireType}).");

        public ulong Fixed(int wireType) => WireType == wireType ? Value : throw new InvalidDataException($"Field {Number} has wire type {WireType}, expected {wireType}.");

        public byte[] Bytes() => WireType == WireLengthDelimited ? Payload! : throw new InvalidDataException($"Field {Number} is not length-delimited (wire type {WireType}).");
    }

    static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            int number = (int)(key >> 3), wireType = (int)(key & 7);
            switch (wireType)
            {
                case WireVarint:
                    fields.Add(new Field(number, wireType, ReadVarint(message, ref position), null));
                    break;
                case WireFixed64:
                    fields.Add(new Field(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(position, 8)), null));
                    position += 8;
                    break;
                case WireLengthDelimited:
                    var length = checked((int)ReadVarint(message, ref position));
                    fields.Add(new Field(number, wireType, 0, message.AsSpan(position, length).ToArray()));
                    position += length;
                    break;
                case WireFixed32:
                    fields.Add(new Field(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(position, 4)), null));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported wire type {wireType} for field {number}.");
            }
        }
        if (position != message.Length) throw new InvalidDataException("A field runs past the end of its message.");
        return fields;
    }

    static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("Varint longer than 10 bytes.");
    }
}
