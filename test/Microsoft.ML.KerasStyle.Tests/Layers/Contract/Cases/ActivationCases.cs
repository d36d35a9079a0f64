namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the activation layers (Keras's <c>layers/activations</c>).</summary>
internal static class ActivationCases
{
    // Inputs span ±8 or so: beyond ReLU's threshold (0.5) and cap (6).
    [LayerCase]
    static LayerCase ReLU() => new(() => new ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5), LayerInput.Normal([6], scale: 4)) { ExpectedOutputShape = [null, 6] };

    [LayerCase]
    static LayerCase LeakyReLU() => new(() => new LeakyReLU(0.2), [5]) { ExpectedOutputShape = [null, 5] };

    [LayerCase]
    static LayerCase ELU() => new(() => new ELU(0.5), [5]) { ExpectedOutputShape = [null, 5], OnnxRuntimeLacksFloat64 = true };

    [LayerCase]
    static LayerCase Softmax() => new(() => new Softmax(axis: 1), [3, 4]) { ExpectedOutputShape = [null, 3, 4] };

    [LayerCase]
    static LayerCase ReLU_Defaults() => new(() => new ReLU(), [6]) { ExpectedOutputShape = [null, 6] };

    [LayerCase]
    static LayerCase Softmax_LastAxisOfImages() => new(() => new Softmax(), [3, 3, 2]) { ExpectedOutputShape = [null, 3, 3, 2] };
}
