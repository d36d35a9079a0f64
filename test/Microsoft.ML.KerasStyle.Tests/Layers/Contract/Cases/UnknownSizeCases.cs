namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>
/// Contract cases with unknown sample sizes in the symbolic input (images of any size, sequences of any length): shapes
/// inferred from data only, and "same" padding computed at run time in the ONNX graph.
/// </summary>
internal static class UnknownSizeCases
{
    [LayerCase]
    static LayerCase Dense_AnyLength() => new(() => new Dense(3), LayerInput.Normal([5, 4]).Unknown(0)) { ExpectedOutputShape = [null, null, 3], TrainableWeights = 2 };

    [LayerCase]
    static LayerCase Conv1D_AnyLength() =>
        new(() => new Conv1D(2, 3, strides: 2, padding: "same"), LayerInput.Normal([7, 3]).Unknown(0)) { ExpectedOutputShape = [null, null, 2], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Conv2D_AnyImageSize() =>
        new(() => new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu"), LayerInput.Normal([5, 6, 3]).Unknown(0, 1))
        { ExpectedOutputShape = [null, null, null, 4], TrainableWeights = 2, OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase MaxPooling2D_AnyImageSize() =>
        new(() => new MaxPooling2D(2, padding: "same"), LayerInput.Normal([5, 4, 2]).Unknown(0, 1)) { ExpectedOutputShape = [null, null, null, 2] };

    [LayerCase]
    static LayerCase AveragePooling2D_AnyImageSize() =>
        new(() => new AveragePooling2D(3, strides: 2, padding: "same"), LayerInput.Normal([5, 7, 2]).Unknown(0, 1)) { ExpectedOutputShape = [null, null, null, 2], OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase GlobalAveragePooling2D_AnyImageSize() =>
        new(() => new GlobalAveragePooling2D(), LayerInput.Normal([3, 5, 2]).Unknown(0, 1)) { ExpectedOutputShape = [null, 2] };

    [LayerCase]
    static LayerCase BatchNormalization_AnyLength() =>
        new(() => new BatchNormalization(), LayerInput.Normal([5, 3]).Unknown(0)) { ExpectedOutputShape = [null, null, 3], TrainableWeights = 2, NonTrainableWeights = 2 };

    [LayerCase]
    static LayerCase LayerNormalization_AnyLength() =>
        new(() => new LayerNormalization(), LayerInput.Normal([5, 3]).Unknown(0)) { ExpectedOutputShape = [null, null, 3], TrainableWeights = 2 };

    [LayerCase]
    static LayerCase Flatten_AnyLength() => new(() => new Flatten(), LayerInput.Normal([4, 3]).Unknown(0)) { ExpectedOutputShape = [null, null] };

    [LayerCase]
    static LayerCase Reshape_AnyLength() => new(() => new Reshape([-1, 2]), LayerInput.Normal([4, 3]).Unknown(0)) { ExpectedOutputShape = [null, null, 2] };

    [LayerCase]
    static LayerCase Embedding_AnyLength() =>
        new(() => new Embedding(9, 2), LayerInput.Integers([6], high: 9).Unknown(0)) { ExpectedOutputShape = [null, null, 2], TrainableWeights = 1 };

    [LayerCase]
    static LayerCase Concatenate_AnyLengths() =>
        new(() => new Concatenate(axis: 1), LayerInput.Normal([2, 3]).Unknown(0), LayerInput.Normal([4, 3])) { ExpectedOutputShape = [null, null, 3] };

    [LayerCase]
    static LayerCase Softmax_AnyLength() => new(() => new Softmax(axis: 1), LayerInput.Normal([4, 2]).Unknown(0)) { ExpectedOutputShape = [null, null, 2] };
}
