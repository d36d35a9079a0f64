using Microsoft.ML.KerasStyle.Layers;

namespace Microsoft.ML.KerasStyle.Onnx;

/// <summary>
/// The <c>pads</c> of ONNX Conv and pooling (<c>[x1_begin, x2_begin, …, x1_end, x2_end, …]</c>) for Keras's padding modes,
/// with the sizes the layers compute: <c>same</c> pads as Keras/TensorFlow do (the extra element of an odd total at the
/// end), <c>causal</c> pads the start only.
/// </summary>
internal static class SpatialPadding
{
    /// <summary>
    /// The explicit pads, or null when a <c>same</c> padding depends on a spatial size that is unknown until run time
    /// (then <c>auto_pad=SAME_UPPER</c>, which pads the same way, is used).
    /// </summary>
    public static long[]? Pads(string padding, IReadOnlyList<int?> spatial, IReadOnlyList<int> kernel, IReadOnlyList<int> strides,
                               IReadOnlyList<int> dilation)
    {
        var rank = kernel.Count;
        var pads = new long[2 * rank];
        if (padding == "valid") return pads;
        if (padding == "causal")
        {
            pads[0] = (kernel[0] - 1L) * dilation[0];
            return pads;
        }
        for (var i = 0; i < rank; i++)
        {
            if (spatial[i] is not { } size) return null;
            var (begin, end) = ConvUtils.SamePadding(size, kernel[i], strides[i], dilation[i]);
            pads[i] = begin;
            pads[rank + i] = end;
        }
        return pads;
    }

    /// <summary>The padding attribute: explicit <c>pads</c>, or <c>auto_pad=SAME_UPPER</c> when the sizes are unknown.</summary>
    public static Proto.AttributeProto Attribute(long[]? pads) =>
        pads is null ? OnnxAttributes.String("auto_pad", "SAME_UPPER") : OnnxAttributes.Ints("pads", pads);

    /// <summary>The spatial sizes of a Keras shape in <paramref name="dataFormat"/>.</summary>
    public static int?[] SpatialSizes(int?[] shape, string dataFormat) => ConvUtils.SpatialDims(shape, dataFormat);
}
