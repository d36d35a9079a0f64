namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the pooling layers (Keras's <c>layers/pooling</c>).</summary>
internal static class PoolingCases
{
    [LayerCase]
    static LayerCase MaxPooling2D() => new(() => new MaxPooling2D(2), [4, 4, 3]) { ExpectedOutputShape = [null, 2, 2, 3] };

    [LayerCase]
    static LayerCase AveragePooling2D() => new(() => new AveragePooling2D(3, strides: 2, padding: "same"), [5, 5, 2]) { ExpectedOutputShape = [null, 3, 3, 2], OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase GlobalAveragePooling2D() => new(() => new GlobalAveragePooling2D(), [4, 4, 3]) { ExpectedOutputShape = [null, 3] };

    [LayerCase]
    static LayerCase MaxPooling2D_SameChannelsFirst() =>
        new(() => new MaxPooling2D(3, strides: 2, padding: "same", dataFormat: "channels_first"), [2, 5, 6]) { ExpectedOutputShape = [null, 2, 3, 3] };

    [LayerCase]
    static LayerCase AveragePooling2D_RectangularChannelsFirst() =>
        new(() => new AveragePooling2D([2, 1], dataFormat: "channels_first"), [3, 4, 4]) { ExpectedOutputShape = [null, 3, 2, 4], OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase GlobalAveragePooling2D_KeepdimsChannelsFirst() =>
        new(() => new GlobalAveragePooling2D("channels_first", keepdims: true), [3, 4, 2]) { ExpectedOutputShape = [null, 3, 1, 1] };
}
