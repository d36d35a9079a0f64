using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Layers;

/// <summary>
/// Keras's BasePooling, behind <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: slides a window of
/// <see cref="PoolSize"/> by <see cref="Strides"/> over the spatial axes and reduces each window per channel.
/// <c>"same"</c> padding follows Keras/TensorFlow: the output size is ceil(in / stride), the extra element of an odd
/// total padding goes to the right/bottom, and padded positions never count (not in a max, not in an average).
/// </summary>
public abstract class BasePooling : Layer
{
    /// <summary>Creates a pooling layer of the given spatial rank; the arguments are those of the 2-D pooling layers.</summary>
    protected BasePooling(int poolDimensions, IntTuple poolSize, IntTuple? strides, string padding, string? dataFormat,
                                  string? name, string dtype = "float32")
        : base(name, dtype: dtype)
    {
        var owner = ClassName;
        PoolDimensions = poolDimensions;
        PoolSize = ConvUtils.Tuple(poolSize, poolDimensions, "pool_size", owner);
        Strides = ConvUtils.Tuple(strides ?? poolSize, poolDimensions, "strides", owner);
        Padding = ConvUtils.Padding(padding, owner);
        DataFormat = ConvUtils.DataFormat(dataFormat, owner);
        InputSpec = Spec;
    }

    /// <summary>Number of spatial dimensions (2 for the 2D layers).</summary>
    public int PoolDimensions { get; }

    /// <summary>The window size along each spatial axis.</summary>
    public IReadOnlyList<int> PoolSize { get; }

    /// <summary>The step along each spatial axis (the pool size unless given).</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary><c>valid</c> (no padding) or <c>same</c> (output size ceil(in / stride)).</summary>
    public string Padding { get; }

    /// <summary><c>channels_last</c> (batch, spatial…, channels) or <c>channels_first</c> (batch, channels, spatial…).</summary>
    public string DataFormat { get; }

    InputSpec Spec => new() { Ndim = PoolDimensions + 2 };

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        // A wrong rank is left to the input check that follows, which reports the shape actually received.
        if (inputShape.Length == PoolDimensions + 2) ComputeOutputShape(inputShape); // validates the spatial sizes
        InputSpec = Spec;
        Built = true;
    }

    /// <summary>Pools a channels-first tensor (batch, channels, spatial…) that has no padding left to apply.</summary>
    protected abstract Tensor PoolValid(Tensor channelsFirst, long[] window, long[] strides);

    /// <summary>Pools a channels-first tensor with <c>"same"</c> padding (padded positions must not count).</summary>
    protected abstract Tensor PoolSame(Tensor channelsFirst, long[] window, long[] strides, long[] pads);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var channelsLast = DataFormat == "channels_last";
        var x = channelsLast ? ConvUtils.ToChannelsFirst(inputs) : inputs;
        var window = PoolSize.Select(p => (long)p).ToArray();
        var strides = Strides.Select(s => (long)s).ToArray();
        long[]? pads = Padding == "same" ? ConvUtils.SamePads(x, PoolSize, Strides) : null;
        var y = pads is null || pads.All(p => p == 0) ? PoolValid(x, window, strides) : PoolSame(x, window, strides, pads);
        return channelsLast ? ConvUtils.ToChannelsLast(y).contiguous() : y;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        Spec.Check(this, 0, inputShape);
        var spatial = ConvUtils.SpatialDims(inputShape, DataFormat);
        var output = new int?[PoolDimensions];
        for (var i = 0; i < PoolDimensions; i++)
        {
            output[i] = ConvUtils.OutputLength(spatial[i], PoolSize[i], Strides[i], 1, Padding);
            if (output[i] <= 0)
                throw new ArgumentException(
                    $"Layer \"{Name}\" ({ClassName}): computed output size would be zero or negative. Received inputs shape={Backend.Shapes.Format(inputShape)}, " +
                    $"pool_size={ConvUtils.FormatTuple(PoolSize)}, strides={ConvUtils.FormatTuple(Strides)}, padding={Padding}.");
        }
        var channels = DataFormat == "channels_last" ? inputShape[^1] : inputShape[1];
        return ConvUtils.Assemble(inputShape[0], output, channels, DataFormat);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["pool_size"] = PoolSize.ToArray(),
        ["padding"] = Padding,
        ["strides"] = Strides.ToArray(),
        ["data_format"] = DataFormat,
    };
}
