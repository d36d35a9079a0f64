namespace Microsoft.ML.KerasStyle.Tests.Layers;

/// <summary>
/// Plain loops that the convolution and pooling tests compare against, written from the Keras/TensorFlow definitions
/// and independent of TorchSharp: arrays are NHWC (batch, height, width, channels); "same" padding puts
/// total = max((ceil(in/s) - 1)·s + (k-1)·d + 1 - in, 0) with total/2 before and the rest after.
/// </summary>
internal static class ConvReference
{
    /// <summary>Output length and leading pad along one axis.</summary>
    public static (int Length, int PadBefore) Axis(int input, int kernel, int stride, int dilation, string padding)
    {
        var effective = (kernel - 1) * dilation + 1;
        if (padding == "valid") return ((input - effective) / stride + 1, 0);
        var length = (input + stride - 1) / stride;
        var total = Math.Max((length - 1) * stride + effective - input, 0);
        return (length, total / 2);
    }

    /// <summary>
    /// Cross-correlation: y[n, oh, ow, f] = bias[f] + Σ x[n, oh·sh - top + i·dh, ow·sw - left + j·dw, g·cg + c] · k[i, j, c, f]
    /// over taps inside the input, where g = f / (filters / groups) and cg = channels / groups.
    /// </summary>
    public static float[,,,] Conv2D(float[,,,] x, float[,,,] kernel, float[]? bias, (int H, int W) strides, string padding,
                                    (int H, int W) dilation = default, int groups = 1, Func<float, float>? activation = null)
    {
        if (dilation == default) dilation = (1, 1);
        int n = x.GetLength(0), h = x.GetLength(1), w = x.GetLength(2);
        int kh = kernel.GetLength(0), kw = kernel.GetLength(1), cg = kernel.GetLength(2), filters = kernel.GetLength(3);
        var (oh, top) = Axis(h, kh, strides.H, dilation.H, padding);
        var (ow, left) = Axis(w, kw, strides.W, dilation.W, padding);
        var perGroup = filters / groups;
        var y = new float[n, oh, ow, filters];
        for (var b = 0; b < n; b++)
            for (var r = 0; r < oh; r++)
                for (var q = 0; q < ow; q++)
                    for (var f = 0; f < filters; f++)
                    {
                        var g = f / perGroup;
                        double sum = bias?[f] ?? 0;
                        for (var i = 0; i < kh; i++)
                            for (var j = 0; j < kw; j++)
                            {
                                int ih = r * strides.H - top + i * dilation.H, iw = q * strides.W - left + j * dilation.W;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue; // zero padding
                                for (var c = 0; c < cg; c++) sum += x[b, ih, iw, g * cg + c] * kernel[i, j, c, f];
                            }
                        y[b, r, q, f] = activation?.Invoke((float)sum) ?? (float)sum;
                    }
        return y;
    }

    /// <summary>A rank-4 tensor's values as a 4D array (same axis order).</summary>
    public static float[,,,] Array4(Tensor t)
    {
        var v = LayerTestHarness.Values(t);
        int a = (int)t.shape[0], b = (int)t.shape[1], c = (int)t.shape[2], d = (int)t.shape[3];
        var result = new float[a, b, c, d];
        var k = 0;
        for (var i = 0; i < a; i++) for (var j = 0; j < b; j++) for (var l = 0; l < c; l++) for (var m = 0; m < d; m++) result[i, j, l, m] = v[k++];
        return result;
    }

    /// <summary>A 4D array's values, row-major.</summary>
    public static float[] Flat(float[,,,] x) => x.Cast<float>().ToArray();

    /// <summary>(a, b, c, d) → (a, c, d, b): NCHW to NHWC.</summary>
    public static float[,,,] ToNhwc(float[,,,] x)
    {
        int a = x.GetLength(0), b = x.GetLength(1), c = x.GetLength(2), d = x.GetLength(3);
        var y = new float[a, c, d, b];
        for (var i = 0; i < a; i++) for (var j = 0; j < b; j++) for (var l = 0; l < c; l++) for (var m = 0; m < d; m++) y[i, l, m, j] = x[i, j, l, m];
        return y;
    }

    /// <summary>(a, b, c, d) → (a, d, b, c): NHWC to NCHW.</summary>
    public static float[,,,] ToNchw(float[,,,] x)
    {
        int a = x.GetLength(0), b = x.GetLength(1), c = x.GetLength(2), d = x.GetLength(3);
        var y = new float[a, d, b, c];
        for (var i = 0; i < a; i++) for (var j = 0; j < b; j++) for (var l = 0; l < c; l++) for (var m = 0; m < d; m++) y[i, m, j, l] = x[i, j, l, m];
        return y;
    }

    /// <summary>Adds a leading axis of size 1 after the batch: a 1D (batch, steps, channels) sequence as a 1-row image.</summary>
    public static float[,,,] AsImage(Tensor sequence) => Array4(sequence.unsqueeze(1));

    /// <summary>A (1, kw, in, out) 2D kernel from a 1D (kw, in, out) kernel.</summary>
    public static float[,,,] AsImageKernel(Tensor kernel1d) => Array4(kernel1d.unsqueeze(0));
}
