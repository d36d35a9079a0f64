namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the regularization layers (Keras's <c>layers/regularization</c>).</summary>
internal static class RegularizationCases
{
    [LayerCase]
    static LayerCase Dropout() => new(() => new Dropout(0.5), [8]) { ExpectedOutputShape = [null, 8], RandomInTraining = true, IdentityInInference = true };

    [LayerCase]
    static LayerCase Dropout_NoiseShapeAndSeed() =>
        new(() => new Dropout(0.3, noiseShape: [null, 1, 4], seed: 5), [3, 4]) { ExpectedOutputShape = [null, 3, 4], RandomInTraining = true, IdentityInInference = true };

    [LayerCase]
    static LayerCase ActivityRegularization() =>
        new(() => new ActivityRegularization(l1: 0.01, l2: 0.02), [4]) { ExpectedOutputShape = [null, 4], IdentityInInference = true };
}
