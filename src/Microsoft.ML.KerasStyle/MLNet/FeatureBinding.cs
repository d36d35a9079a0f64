using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>A model input fed by one column: the column's values fill the input's shape (a 784 vector feeds (28, 28, 1)).</summary>
/// <param name="InputName">The Keras input's name.</param>
/// <param name="Column">The column read.</param>
/// <param name="Shape">The input's shape without the batch axis.</param>
/// <param name="Dtype">The input's element type (float32 unless the model says otherwise, e.g. int64 for Embedding).</param>
internal sealed record FeatureBinding(string InputName, string Column, long[] Shape, ScalarType Dtype)
{
    /// <summary>Values per row.</summary>
    public long Size => Shape.Aggregate(1L, (a, b) => a * b);
}
