extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Distribution;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// One pass over a data view: a row cursor and a <see cref="ColumnBatchReader"/> per column, filling
/// <see cref="BatchBuffer"/>s of <c>batchSize</c> rows. <see cref="Fill"/> may run on a background thread, one call at
/// a time; <see cref="Take"/> on another. Disposing it disposes the cursor.
/// </summary>
/// <remarks>
/// A getter's exception comes back naming its column (<see cref="ColumnBatchReader"/>); one thrown by the cursor's
/// MoveNext (e.g. by ML.NET's shuffle pool, whose own thread runs the getters of the rows it pools) names the columns
/// read, with the messages of the exceptions inside it.
/// </remarks>
internal sealed class RowBatchReader : IDisposable
{
    readonly string owner;
    readonly DataViewRowCursor cursor;
    readonly int batchSize;
    readonly RowShard? shard;
    bool ended;

    /// <param name="owner">Who reads, for messages.</param>
    /// <param name="cursor">The cursor, positioned before the first row; owned from here on.</param>
    /// <param name="columns">The column readers, bound to <paramref name="cursor"/>.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="shard">Read only this process's rows of each block of rows (data-parallel training), or null for all.</param>
    public RowBatchReader(string owner, DataViewRowCursor cursor, IReadOnlyList<ColumnBatchReader> columns, int batchSize, RowShard? shard = null)
    {
        this.owner = owner;
        this.cursor = cursor;
        Columns = columns;
        this.shard = shard;
        this.batchSize = shard?.RowsPerBlock ?? batchSize;
    }

    /// <summary>The column readers, in the order of a buffer's columns.</summary>
    public IReadOnlyList<ColumnBatchReader> Columns { get; }

    /// <summary>A buffer for one batch of every column.</summary>
    public BatchBuffer NewBuffer() => new(Columns.Select(c => c.NewBuffer(batchSize)).ToArray());

    /// <summary>
    /// Reads the next rows (up to a batch) into <paramref name="batch"/>; false when the pass has no more rows. After a
    /// short batch the cursor is not moved again.
    /// </summary>
    public bool Fill(BatchBuffer batch)
    {
        if (shard is { } own) return FillShard(batch, own);
        var rows = 0;
        while (!ended && rows < batchSize)
        {
            if (!MoveNext())
            {
                ended = true;
                break;
            }
            for (var i = 0; i < Columns.Count; i++) Columns[i].Read(batch.Columns[i], rows);
            rows++;
        }
        batch.Rows = rows;
        return rows > 0;
    }

    // One block of rows (a global batch): the cursor passes every row; only this process's rows are read.
    bool FillShard(BatchBuffer batch, RowShard own)
    {
        var rows = 0;
        var position = 0;
        while (!ended && position < own.BlockRows)
        {
            if (!MoveNext())
            {
                ended = true;
                break;
            }
            if (own.Owns(position))
            {
                for (var i = 0; i < Columns.Count; i++) Columns[i].Read(batch.Columns[i], rows);
                rows++;
            }
            position++;
        }
        batch.Rows = ended ? own.Kept(position, rows) : rows;
        return batch.Rows > 0;
    }

    bool MoveNext()
    {
        var position = cursor.Position;
        try
        {
            return cursor.MoveNext();
        }
        catch (Exception e)
        {
            var columns = string.Join(", ", Columns.Select(c => c.Column).Distinct().Select(c => $"'{c}'"));
            var where = position < 0 ? "before the first row" : $"after row {position}";
            throw new InvalidOperationException($"{owner}: reading the data (columns {columns}) failed {where}: {Messages(e)}", e);
        }
    }

    // The exception's message and those of the exceptions inside it, each once.
    static string Messages(Exception e)
    {
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (!messages.Any(m => m.Contains(inner.Message, StringComparison.Ordinal))) messages.Add(inner.Message.TrimEnd('.'));
        return string.Join(": ", messages) + ".";
    }

    /// <summary>Column <paramref name="index"/> of a filled <paramref name="batch"/> as a new tensor.</summary>
    public TorchSharp.torch.Tensor Take(BatchBuffer batch, int index) => Columns[index].Take(batch.Columns[index], batch.Rows);

    public void Dispose() => cursor.Dispose();
}
