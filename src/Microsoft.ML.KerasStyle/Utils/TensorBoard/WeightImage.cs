namespace Microsoft.ML.KerasStyle.Utils;

/// <summary>
/// Lays a weight out as a batch of images the way Keras's TensorBoard callback does (<c>_log_weight_as_image</c>):
/// size-1 axes are squeezed; a vector becomes one n×1 column; a matrix one image, transposed when it is taller
/// than wide; a rank-3 kernel (channels_last) one image per last-axis channel; a rank-4 weight is drawn only when
/// its last axis is 1, 3 or 4 (taken as colour channels). Anything else has no image.
/// </summary>
internal static class WeightImage
{
    /// <summary>The images of a weight with row-major <paramref name="values"/> and <paramref name="shape"/>, as [k, height, width, channels]; null when Keras draws none.</summary>
    public static float[,,,]? FromWeight(float[] values, int[] shape)
    {
        var dims = shape.Where(d => d != 1).ToArray();
        switch (dims.Length)
        {
            case 1:
            {
                var image = new float[1, dims[0], 1, 1];
                for (var i = 0; i < dims[0]; i++) image[0, i, 0, 0] = values[i];
                return image;
            }
            case 2:
            {
                int rows = dims[0], cols = dims[1];
                var transpose = rows > cols;
                var image = transpose ? new float[1, cols, rows, 1] : new float[1, rows, cols, 1];
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < cols; c++)
                        if (transpose) image[0, c, r, 0] = values[r * cols + c];
                        else image[0, r, c, 0] = values[r * cols + c];
                return image;
            }
            case 3:
            {
                // channels_last (a, b, c) → one a×b image per channel c.
                int a = dims[0], b = dims[1], channels = dims[2];
                var image = new float[channels, a, b, 1];
                for (var i = 0; i < a; i++)
                    for (var j = 0; j < b; j++)
                        for (var k = 0; k < channels; k++)
                            image[k, i, j, 0] = values[(i * b + j) * channels + k];
                return image;
            }
            case 4 when dims[3] is 1 or 3 or 4:
            {
                var image = new float[dims[0], dims[1], dims[2], dims[3]];
                Buffer.BlockCopy(values, 0, image, 0, values.Length * sizeof(float));
                return image;
            }
            default:
                return null;
        }
    }
}
