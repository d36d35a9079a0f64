namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>A model output trained against one column.</summary>
/// <param name="OutputName">The Keras output's name.</param>
/// <param name="Column">The label column.</param>
/// <param name="Encoding">How the column becomes the target tensor.</param>
/// <param name="Shape">The target's shape without the batch axis.</param>
/// <param name="ClassCount">Classes of a key label (its key count); 0 otherwise.</param>
internal sealed record LabelBinding(string OutputName, string Column, TargetEncoding Encoding, long[] Shape, int ClassCount);
