using SkiaSharp;

namespace Samples.Demo;

/// <summary>A PNG of test images, each captioned with its predicted and true class (green when they agree, red when not).</summary>
public static class PredictionGrid
{
    const int Scale = 4;
    const int Cell = 28 * Scale;
    const int CaptionHeight = 40;
    const int Margin = 12;

    /// <summary>Writes the grid to <paramref name="path"/>.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="images">The images, 784 pixels in [0, 1] each.</param>
    /// <param name="predicted">The predicted class name of each image.</param>
    /// <param name="actual">The true class name of each image.</param>
    /// <param name="columns">Images per row. Defaults to 6.</param>
    public static void Save(string path, IReadOnlyList<float[]> images, IReadOnlyList<string> predicted, IReadOnlyList<string> actual, int columns = 6)
    {
        var rows = (images.Count + columns - 1) / columns;
        var cellWidth = Cell + 2 * Margin;
        var cellHeight = Cell + CaptionHeight + Margin;
        using var bitmap = new SKBitmap(columns * cellWidth, rows * cellHeight + Margin);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var good = new SKPaint { Color = new SKColor(0, 120, 0), IsAntialias = true };
        using var bad = new SKPaint { Color = new SKColor(190, 0, 0), IsAntialias = true };
        using var grey = new SKPaint { Color = SKColors.DimGray, IsAntialias = true };
        for (var i = 0; i < images.Count; i++)
        {
            var left = i % columns * cellWidth + Margin;
            var top = i / columns * cellHeight + Margin;
            using var image = ToBitmap(images[i]);
            // Nearest-neighbour upscaling keeps the pixels sharp.
            using var scaled = image.Resize(new SKImageInfo(Cell, Cell), new SKSamplingOptions(SKFilterMode.Nearest));
            canvas.DrawBitmap(scaled, left, top);
            var centre = left + Cell / 2f;
            canvas.DrawText(predicted[i], centre, top + Cell + 16, SKTextAlign.Center, font, predicted[i] == actual[i] ? good : bad);
            canvas.DrawText("true: " + actual[i], centre, top + Cell + 32, SKTextAlign.Center, font, grey);
        }
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    // Fashion-MNIST draws the garment light on black; inverted, it reads like a photo on white paper.
    static SKBitmap ToBitmap(float[] pixels)
    {
        var bitmap = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        var bytes = pixels.Select(p => (byte)Math.Round(255 * (1 - Math.Clamp(p, 0f, 1f)))).ToArray();
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }
}
