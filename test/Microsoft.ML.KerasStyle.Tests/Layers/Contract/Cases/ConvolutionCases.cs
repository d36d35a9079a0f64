namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the convolution layers (Keras's <c>layers/convolutional</c>).</summary>
internal static class ConvolutionCases
{
    [LayerCase]
    static LayerCase Conv1D() => new(() => new Conv1D(4, 3, padding: "same", activation: "relu"), [6, 2]) { ExpectedOutputShape = [null, 6, 4], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv2D() => new(() => new Conv2D(3, 3, strides: 2, padding: "same"), [5, 5, 2]) { ExpectedOutputShape = [null, 3, 3, 3], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv2D_ChannelsFirst() => new(() => new Conv2D(3, 2, dataFormat: "channels_first", useBias: false), [2, 5, 5]) { ExpectedOutputShape = [null, 3, 4, 4], TrainableWeights = 1, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv1D_CausalDilatedGroups() =>
        new(() => new Conv1D(4, 2, padding: "causal", dilationRate: 2, groups: 2), [7, 4]) { ExpectedOutputShape = [null, 7, 4], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv1D_StridedChannelsFirst() =>
        new(() => new Conv1D(3, 3, strides: 2, dataFormat: "channels_first", activation: "sigmoid"), [2, 9]) { ExpectedOutputShape = [null, 3, 4], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv2D_DilatedGroupsRectangular() =>
        new(() => new Conv2D(4, [2, 3], dilationRate: [2, 1], groups: 2, activation: "relu"), [6, 5, 2]) { ExpectedOutputShape = [null, 4, 3, 4], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };
}
