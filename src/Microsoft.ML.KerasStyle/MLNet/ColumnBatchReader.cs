using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Collects one column of consecutive cursor rows into a batch tensor: <see cref="Read"/> copies the current row into
/// slot <c>row</c>, <see cref="Take"/> turns the first <c>rows</c> slots into a tensor of shape (rows, ...).
/// </summary>
internal abstract class ColumnBatchReader
{
    /// <summary>Copies the cursor's current row into slot <paramref name="row"/> of the batch.</summary>
    public abstract void Read(int row);

    /// <summary>The first <paramref name="rows"/> slots as a new tensor (the reader's buffers are reused).</summary>
    public abstract Tensor Take(int rows);
}
