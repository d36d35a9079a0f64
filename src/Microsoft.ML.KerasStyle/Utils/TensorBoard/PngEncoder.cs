using SkiaSharp;

namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// PNG bytes for TensorBoard's image summaries, encoded by SkiaSharp (already here through ScottPlot).
/// </summary>
internal static class PngEncoder
{
    /// <summary>Encodes <paramref name="pixels"/> (row-major, <paramref name="channels"/> bytes per pixel: 1, 3 or 4).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3 or 4))
            throw new ArgumentException($"PNG images have 1, 3 or 4 channels, received {channels}.", nameof(channels));
        if (width < 1 || height < 1 || pixels.Length != width * height * channels)
            throw new ArgumentException($"A {width}×{height}×{channels} image needs {width * height * channels} bytes, received {pixels.Length}.", nameof(pixels));

        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bytes = channels == 3 ? AddOpaqueAlpha(pixels) : pixels.ToArray();
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    static byte[] AddOpaqueAlpha(ReadOnlySpan<byte> rgb)
    {
        var rgba = new byte[rgb.Length / 3 * 4];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }
        return rgba;
    }
}
