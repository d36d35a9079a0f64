using Microsoft.ML.Data;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>An output column of a Keras step: its place in the output schema, its values per row, and how to read it from the ONNX output.</summary>
/// <param name="Name">The column's name (= the ONNX output's name).</param>
/// <param name="Type">Its ML.NET type (as the saved chain gives it).</param>
/// <param name="Annotations">Its annotations (key values, slot names).</param>
/// <param name="IsClassKey">A 0-based class index in the ONNX output, a 1-based key in the column.</param>
internal sealed record ProducedColumn(string Name, DataViewType Type, DataViewSchema.Annotations Annotations, bool IsClassKey)
{
    /// <summary>Values per row.</summary>
    public int Size => Type is VectorDataViewType v ? v.Size : 1;
}
