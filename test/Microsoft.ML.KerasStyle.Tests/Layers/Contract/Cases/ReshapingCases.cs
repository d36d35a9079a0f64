namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the reshaping layers (Keras's <c>layers/reshaping</c>; Rescaling is a preprocessing layer there).</summary>
internal static class ReshapingCases
{
    [LayerCase]
    static LayerCase Flatten() => new(() => new Flatten(), [3, 2]) { ExpectedOutputShape = [null, 6] };

    [LayerCase]
    static LayerCase Reshape() => new(() => new Reshape([-1, 2]), [3, 4]) { ExpectedOutputShape = [null, 6, 2] };

    [LayerCase]
    static LayerCase Rescaling() => new(() => new Rescaling(0.5, offset: 0.25), [4]) { ExpectedOutputShape = [null, 4] };

    [LayerCase]
    static LayerCase Rescaling_Uint8Pixels() =>
        new(() => new Rescaling(1 / 127.5, offset: -1), LayerInput.Integers([2, 3], high: 256, dtype: "uint8")) { ExpectedOutputShape = [null, 2, 3] };

    [LayerCase]
    static LayerCase Flatten_ChannelsFirst() => new(() => new Flatten("channels_first"), [2, 3, 2]) { ExpectedOutputShape = [null, 12] };

    [LayerCase]
    static LayerCase Flatten_IntegersKeepTheirDtype() =>
        new(() => new Flatten(), LayerInput.Integers([3, 2], high: 100)) { ExpectedOutputShape = [null, 6], ExpectedOutputDtype = "int64" };

    [LayerCase]
    static LayerCase Reshape_IntegersKeepTheirDtype() =>
        new(() => new Reshape([2, 1, 3]), LayerInput.Integers([6], high: 100, dtype: "int32")) { ExpectedOutputShape = [null, 2, 1, 3], ExpectedOutputDtype = "int32" };
}
