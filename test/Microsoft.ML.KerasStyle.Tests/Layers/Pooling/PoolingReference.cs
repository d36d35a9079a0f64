namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>
/// Plain pooling loops over NHWC arrays, written from the Keras/TensorFlow definition: a window covers
/// [o·s - before, o·s - before + k) along each axis; only positions inside the input count, for max and mean alike.
/// </summary>
internal static class PoolingReference
{
    public static float[,,,] MaxPool2D(float[,,,] x, (int H, int W) pool, (int H, int W) strides, string padding) =>
        Pool(x, pool, strides, padding, window => window.Max());

    public static float[,,,] AveragePool2D(float[,,,] x, (int H, int W) pool, (int H, int W) strides, string padding) =>
        Pool(x, pool, strides, padding, window => window.Sum() / window.Count);

    static float[,,,] Pool(float[,,,] x, (int H, int W) pool, (int H, int W) strides, string padding, Func<List<float>, float> reduce)
    {
        int n = x.GetLength(0), h = x.GetLength(1), w = x.GetLength(2), c = x.GetLength(3);
        var (oh, top) = ConvReference.Axis(h, pool.H, strides.H, 1, padding);
        var (ow, left) = ConvReference.Axis(w, pool.W, strides.W, 1, padding);
        var y = new float[n, oh, ow, c];
        for (var b = 0; b < n; b++)
            for (var r = 0; r < oh; r++)
                for (var q = 0; q < ow; q++)
                    for (var ch = 0; ch < c; ch++)
                    {
                        var window = new List<float>();
                        for (var i = 0; i < pool.H; i++)
                            for (var j = 0; j < pool.W; j++)
                            {
                                int ih = r * strides.H - top + i, iw = q * strides.W - left + j;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) window.Add(x[b, ih, iw, ch]);
                            }
                        y[b, r, q, ch] = reduce(window);
                    }
        return y;
    }
}
