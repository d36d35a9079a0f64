using System.Buffers.Binary;
using SkiaSharp;

namespace Microsoft.ML.KerasStyle.Tests.Utils;

/// <summary>Checks on written PNG files: signature, size from the IHDR chunk, and how many pixels have a given colour.</summary>
internal static class PngAssert
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a real, non-trivial PNG and returns its width and height (IHDR: bytes 16–23, big-endian).</summary>
    public static (int Width, int Height) IsPng(string path, int minimumBytes)
    {
        Assert.IsTrue(File.Exists(path), $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(Signature, bytes[..8], "PNG signature");
        Assert.IsGreaterThan(minimumBytes, bytes.Length, $"{path} has only {bytes.Length} bytes");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Pixels within <paramref name="tolerance"/> per channel of (r, g, b) in columns [fromX, toX).</summary>
    public static int CountColour(string path, byte r, byte g, byte b, int fromX, int toX, int tolerance = 40)
    {
        using var bitmap = SKBitmap.Decode(path);
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = fromX; x < toX; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - r) <= tolerance && Math.Abs(p.Green - g) <= tolerance && Math.Abs(p.Blue - b) <= tolerance) count++;
            }
        return count;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kerasstyle-charts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
