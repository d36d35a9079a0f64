namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>Which columns feed which model inputs, train which outputs, and receive which outputs.</summary>
/// <param name="Inputs">Model input name → feature column.</param>
/// <param name="Labels">Model output name → label column (needed to train; may be empty to only score).</param>
/// <param name="Outputs">Model output name → output column (the general transform; the trainers name theirs by ML.NET's conventions).</param>
/// <param name="WeightColumn">Column of per-row loss weights, or null.</param>
internal sealed record KerasColumns(
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Outputs,
    string? WeightColumn);
