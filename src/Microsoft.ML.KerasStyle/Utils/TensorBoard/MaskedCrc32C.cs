using System.Buffers.Binary;
using System.Numerics;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// The checksum of TFRecord files: CRC-32C (Castagnoli), then TensorFlow's mask. The mask exists because a CRC of
/// data that itself holds CRCs is weak; TensorBoard rejects records whose masked checksum does not match.
/// </summary>
internal static class MaskedCrc32C
{
    // TensorFlow's kMaskDelta (tensorflow/core/lib/hash/crc32c.h).
    const uint MaskDelta = 0xa282ead8u;

    /// <summary>The plain CRC-32C of <paramref name="data"/> (e.g. 0xE3069283 for the ASCII bytes "123456789").</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        // BitOperations.Crc32C is one reflected Castagnoli step (hardware SSE4.2/ARM instructions where available);
        // the standard CRC starts from all ones and inverts the result.
        uint crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>TensorFlow's mask of a CRC: rotate right by 15 bits, then add a constant.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    /// <summary>The masked CRC-32C of <paramref name="data"/>, as stored in TFRecord headers and footers.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Mask(Crc32C(data));
}
