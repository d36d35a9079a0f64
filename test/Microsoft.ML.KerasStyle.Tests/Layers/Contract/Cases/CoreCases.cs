namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the core layers (Keras's <c>layers/core</c>).</summary>
internal static class CoreCases
{
    [LayerCase]
    static LayerCase Dense() => new(() => new Dense(3, activation: "relu"), [2, 4]) { ExpectedOutputShape = [null, 2, 3], TrainableWeights = 2 };

    [LayerCase]
    static LayerCase Dense_OnMatricesWithoutBias() => new(() => new Dense(5, activation: "tanh", useBias: false), [4]) { ExpectedOutputShape = [null, 5], TrainableWeights = 1 };

    [LayerCase]
    static LayerCase Activation() => new(() => new Activation("tanh"), [3, 4]) { ExpectedOutputShape = [null, 3, 4] };

    [LayerCase]
    static LayerCase Embedding() => new(() => new Embedding(10, 3), LayerInput.Integers([5], high: 10)) { ExpectedOutputShape = [null, 5, 3], TrainableWeights = 1 };

    [LayerCase]
    static LayerCase Dense_OnRank4() => new(() => new Dense(2, activation: "softmax"), [2, 3, 4]) { ExpectedOutputShape = [null, 2, 3, 2], TrainableWeights = 2 };

    [LayerCase]
    static LayerCase Activation_Gelu() => new(() => new Activation("gelu"), LayerInput.Normal([5], scale: 3)) { ExpectedOutputShape = [null, 5], OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Embedding_Int32Indices() =>
        new(() => new Embedding(7, 4), LayerInput.Integers([2, 3], high: 7, dtype: "int32")) { ExpectedOutputShape = [null, 2, 3, 4], TrainableWeights = 1 };
}
