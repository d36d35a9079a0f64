extern alias MicrosoftML;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// Collects one column of consecutive cursor rows into a batch: <see cref="Read"/> copies the current row into slot
/// <c>row</c> of a managed buffer (made by <see cref="NewBuffer"/> and reused batch after batch), <see cref="Take"/> copies
/// the first <c>rows</c> slots of a filled buffer into a new tensor of shape (rows, ...).
/// </summary>
/// <remarks>
/// <see cref="Read"/> uses the cursor's getter and may run on a background reading thread; <see cref="Take"/> reads only
/// the buffer it is given and the reader's fixed settings, so it runs on the training thread (whose dispose scope gets the
/// tensor) while the reading thread fills another buffer.
/// </remarks>
internal abstract class ColumnBatchReader(string owner, DataViewRow cursor, DataViewSchema.Column column)
{
    /// <summary>The column read.</summary>
    public string Column => column.Name;

    /// <summary>A buffer for <paramref name="capacity"/> rows of this column (a <c>float[]</c> or a <c>long[]</c>).</summary>
    public abstract Array NewBuffer(int capacity);

    /// <summary>Copies the cursor's current row into slot <paramref name="row"/> of <paramref name="buffer"/>.</summary>
    public abstract void Read(Array buffer, int row);

    /// <summary>The first <paramref name="rows"/> slots of <paramref name="buffer"/> as a new tensor (the buffer can be reused at once).</summary>
    public abstract Tensor Take(Array buffer, int rows);

    /// <summary>Calls <paramref name="getter"/>; what it throws comes back naming the column and the row.</summary>
    protected void Get<T>(ValueGetter<T> getter, ref T value)
    {
        try
        {
            getter(ref value);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{owner}: reading column '{column.Name}' failed at row {cursor.Position}: {e.Message}", e);
        }
    }

    /// <summary>A tensor of shape <paramref name="dims"/> and type <paramref name="dtype"/> (that of <typeparamref name="T"/>) holding <paramref name="values"/> (one copy, into the tensor's memory).</summary>
    protected static Tensor ToTensor<T>(ReadOnlySpan<T> values, long[] dims, ScalarType dtype) where T : unmanaged
    {
        var t = empty(dims, dtype);
        values.CopyTo(MemoryMarshal.Cast<byte, T>(t.bytes));
        return t;
    }
}
