namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

/// <summary>Contract cases of the merging layers (Keras's <c>layers/merging</c>): several inputs each.</summary>
internal static class MergingCases
{
    [LayerCase]
    static LayerCase Add() => new(() => new Add(), LayerInput.Normal([3, 4]), LayerInput.Normal([3, 4])) { ExpectedOutputShape = [null, 3, 4] };

    [LayerCase]
    static LayerCase Average() => new(() => new Average(), LayerInput.Normal([4]), LayerInput.Normal([4]), LayerInput.Normal([4])) { ExpectedOutputShape = [null, 4] };

    // Shapes broadcast: (3, 1) × (1, 4) → (3, 4).
    [LayerCase]
    static LayerCase Multiply() => new(() => new Multiply(), LayerInput.Normal([3, 1]), LayerInput.Normal([1, 4])) { ExpectedOutputShape = [null, 3, 4] };

    [LayerCase]
    static LayerCase Concatenate() => new(() => new Concatenate(axis: 1), LayerInput.Normal([2, 3]), LayerInput.Normal([4, 3])) { ExpectedOutputShape = [null, 6, 3] };

    // A lower-rank input gets size-1 axes after its batch axis: (4) + (3, 4) → (3, 4).
    [LayerCase]
    static LayerCase Add_DifferentRanks() => new(() => new Add(), LayerInput.Normal([4]), LayerInput.Normal([3, 4])) { ExpectedOutputShape = [null, 3, 4] };

    [LayerCase]
    static LayerCase Concatenate_ThreeInputsLastAxis() =>
        new(() => new Concatenate(), LayerInput.Normal([2, 1]), LayerInput.Normal([2, 3]), LayerInput.Normal([2, 2])) { ExpectedOutputShape = [null, 2, 6] };
}
