using Microsoft.ML.KerasStyle.Backend;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Argument checks, output-size formulas and padding shared by the convolution and pooling layers, with Keras's
/// (TensorFlow's) semantics: <c>"same"</c> pads asymmetrically, the extra element going to the right/bottom.
/// </summary>
internal static class ConvUtils
{
    /// <summary>Keras's <c>standardize_tuple</c>: <paramref name="n"/> positive integers (a single int stands for every axis).</summary>
    public static int[] Tuple(IntTuple value, int n, string argument, string owner)
    {
        var text = $"{owner}: the `{argument}` argument must be a tuple of {n} integers. Received {argument}={value}";
        if (!value.IsScalar && value.Count != n) throw new ArgumentException(text, argument);
        var values = value.IsScalar ? Enumerable.Repeat(value[0], n).ToArray() : [.. value];
        var bad = values.Where(v => v <= 0).Distinct().ToList();
        if (bad.Count > 0)
            throw new ArgumentException($"{text}, including values {{{string.Join(", ", bad)}}} that do not satisfy `value > 0`", argument);
        return values;
    }

    /// <summary>Keras's <c>standardize_padding</c>: lower-cases and checks the padding mode.</summary>
    public static string Padding(string? padding, string owner, bool allowCausal = false)
    {
        var p = padding?.ToLowerInvariant();
        string[] allowed = allowCausal ? ["valid", "same", "causal"] : ["valid", "same"];
        return p is not null && allowed.Contains(p)
            ? p
            : throw new ArgumentException($"{owner}: the `padding` argument must be one of {{{string.Join(", ", allowed.Select(a => $"'{a}'"))}}}. Received: padding={padding ?? "null"}", nameof(padding));
    }

    /// <summary>Keras's <c>standardize_data_format</c>: null means <c>channels_last</c> (Keras's <c>image_data_format</c> default).</summary>
    public static string DataFormat(string? dataFormat, string owner)
    {
        if (dataFormat is null) return "channels_last";
        var f = dataFormat.ToLowerInvariant();
        return f is "channels_last" or "channels_first"
            ? f
            : throw new ArgumentException($"{owner}: the `data_format` argument must be one of {{'channels_first', 'channels_last'}}. Received: data_format={dataFormat}", nameof(dataFormat));
    }

    /// <summary>
    /// Output length along one spatial axis: <c>floor((in - ((k-1)·d + 1)) / s) + 1</c> for <c>valid</c>,
    /// <c>ceil(in / s)</c> for <c>same</c> and <c>causal</c>; null stays null.
    /// </summary>
    public static int? OutputLength(int? input, int kernel, int stride, int dilation, string padding)
    {
        if (input is not { } n) return null;
        if (padding == "valid") return FloorDiv(n - ((kernel - 1) * dilation + 1), stride) + 1;
        return FloorDiv(n - 1, stride) + 1;
    }

    /// <summary>
    /// Keras/TensorFlow <c>"same"</c> padding along one axis: total = max((ceil(in/s) - 1)·s + (k-1)·d + 1 - in, 0),
    /// the left gets total/2 (rounded down), the right the rest.
    /// </summary>
    public static (long Left, long Right) SamePadding(long input, int kernel, int stride, int dilation)
    {
        var outputLength = (input + stride - 1) / stride;
        var total = Math.Max((outputLength - 1) * stride + (kernel - 1) * (long)dilation + 1 - input, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>The <c>"same"</c> pads of a channels-first tensor in TorchSharp's order: (left, right) of the last axis first.</summary>
    public static long[] SamePads(Tensor channelsFirst, IReadOnlyList<int> kernel, IReadOnlyList<int> strides, IReadOnlyList<int>? dilation = null)
    {
        var rank = kernel.Count;
        var pads = new long[2 * rank];
        for (var i = 0; i < rank; i++)
        {
            var (left, right) = SamePadding(channelsFirst.shape[2 + i], kernel[i], strides[i], dilation?[i] ?? 1);
            var slot = rank - 1 - i;
            pads[2 * slot] = left;
            pads[2 * slot + 1] = right;
        }
        return pads;
    }

    /// <summary>(batch, spatial…, channels) → (batch, channels, spatial…).</summary>
    public static Tensor ToChannelsFirst(Tensor x)
    {
        var rank = (int)x.ndim;
        return x.permute([0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(i => (long)i)]);
    }

    /// <summary>(batch, channels, spatial…) → (batch, spatial…, channels).</summary>
    public static Tensor ToChannelsLast(Tensor x)
    {
        var rank = (int)x.ndim;
        return x.permute([0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i), 1]);
    }

    /// <summary>The spatial axes of a shape for a data format.</summary>
    public static int?[] SpatialDims(IReadOnlyList<int?> shape, string dataFormat) =>
        dataFormat == "channels_last" ? [.. shape.Skip(1).Take(shape.Count - 2)] : [.. shape.Skip(2)];

    /// <summary>Puts batch, spatial and channel sizes back in the order of a data format.</summary>
    public static int?[] Assemble(int? batch, IReadOnlyList<int?> spatial, int? channels, string dataFormat) =>
        dataFormat == "channels_last" ? [batch, .. spatial, channels] : [batch, channels, .. spatial];

    /// <summary>Python's tuple text: <c>(3, 3)</c>, <c>(3,)</c>.</summary>
    public static string FormatTuple(IEnumerable<int> values) => Shapes.Format(values.Select(v => (int?)v).ToArray());

    static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}
