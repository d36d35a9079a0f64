namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the normalization layers (Keras's <c>layers/normalization</c>).</summary>
internal static class NormalizationCases
{
    [LayerCase]
    static LayerCase BatchNormalization() => new(() => new BatchNormalization(), [3, 4]) { ExpectedOutputShape = [null, 3, 4], TrainableWeights = 2, NonTrainableWeights = 2 };

    [LayerCase]
    static LayerCase LayerNormalization() => new(() => new LayerNormalization(), [3, 4]) { ExpectedOutputShape = [null, 3, 4], TrainableWeights = 2 };

    [LayerCase]
    static LayerCase BatchNormalization_ChannelsFirstWithoutScale() =>
        new(() => new BatchNormalization(axis: 1, scale: false, momentum: 0.5), [3, 4, 2]) { ExpectedOutputShape = [null, 3, 4, 2], TrainableWeights = 1, NonTrainableWeights = 2 };

    [LayerCase]
    static LayerCase LayerNormalization_TwoAxesWithoutCenter() =>
        new(() => new LayerNormalization([1, 2], center: false, epsilon: 1e-5), [3, 4, 2]) { ExpectedOutputShape = [null, 3, 4, 2], TrainableWeights = 1 };
}
