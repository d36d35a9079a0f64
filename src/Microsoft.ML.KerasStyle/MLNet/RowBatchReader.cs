extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.Distribution;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// One pass over a data view: a row cursor and a <see cref="ColumnBatchReader"/> per column, filling
/// <see cref="BatchBuffer"/>s of <c>batchSize</c> rows. <see cref="Fill"/> may run on a background thread, one call at
/// a time; <see cref="Take"/> on another. Disposing it disposes the cursor.
/// </summary>
/// <remarks>
/// <para>
/// A getter's exception comes back naming its column (<see cref="ColumnBatchReader"/>); one thrown by the cursor's
/// MoveNext (e.g. by ML.NET's shuffle pool, whose own thread runs the getters of the rows it pools) names the columns
/// read, with the messages of the exceptions inside it.
/// </para>
/// <para>
/// A row holding a NaN or infinite value never reaches the model, whose weights it would turn NaN: it fails the pass
/// with an error naming the column, the value and the row, or, with <c>skipNonFinite</c>, is left out and counted in
/// <see cref="Skipped"/>. The row is named by its id, which ML.NET's loaders and row-to-row transforms keep: it is the
/// row's index in the source (through ShuffleRows, caches, SkipRows/TakeRows and filters alike).
/// </para>
/// </remarks>
internal sealed class RowBatchReader : IDisposable
{
    readonly string owner;
    readonly DataViewRowCursor cursor;
    readonly int batchSize;
    readonly string source;
    readonly bool skipNonFinite;
    readonly RowShard? shard;
    bool ended;

    /// <param name="owner">Who reads, for messages.</param>
    /// <param name="cursor">The cursor, positioned before the first row; owned from here on.</param>
    /// <param name="columns">The column readers, bound to <paramref name="cursor"/>.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="source">The data read, for messages ("the IDataView given to Fit").</param>
    /// <param name="skipNonFinite">Leave out rows with a NaN or infinite value instead of failing.</param>
    /// <param name="shard">Read only this process's rows of each block of rows (data-parallel training), or null for all.</param>
    public RowBatchReader(string owner, DataViewRowCursor cursor, IReadOnlyList<ColumnBatchReader> columns, int batchSize, string source, bool skipNonFinite,
                          RowShard? shard = null)
    {
        this.owner = owner;
        this.cursor = cursor;
        Columns = columns;
        this.source = source;
        this.skipNonFinite = skipNonFinite;
        this.shard = shard;
        this.batchSize = shard?.RowsPerBlock ?? batchSize;
    }

    /// <summary>Rows left out so far for a NaN or infinite value (with <c>skipNonFinite</c>).</summary>
    public long Skipped { get; private set; }

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
            var finite = true;
            for (var i = 0; i < Columns.Count; i++) finite &= Columns[i].Read(batch.Columns[i], rows);
            if (!finite)
            {
                if (!skipNonFinite) throw NonFiniteRow(batch, rows);
                // The slot is refilled by the next row.
                Skipped++;
                continue;
            }
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
                var finite = true;
                for (var i = 0; i < Columns.Count; i++) finite &= Columns[i].Read(batch.Columns[i], rows);
                if (finite) rows++;
                else if (!skipNonFinite) throw NonFiniteRow(batch, rows);
                else Skipped++; // the slot is refilled by this process's next row
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

    InvalidOperationException NonFiniteRow(BatchBuffer batch, int slot)
    {
        var (column, value) = Columns.Select((c, i) => (Reader: c, Value: c.NonFinite(batch.Columns[i], slot)))
            .FirstOrDefault(p => p.Value is not null, (Reader: Columns[0], Value: "NaN or ∞"));
        return new InvalidOperationException(
            $"{owner}: the {column.Role} column '{column.Column}' holds {value} at row {RowId()} of {source}. A NaN or infinite feature, label or weight " +
            "turns the loss and then every weight into NaN, so training stops here, before that row reaches the model. Remove or repair such rows first " +
            "(ml.Transforms.FilterRowsByMissingValues drops rows with NaN, ml.Transforms.ReplaceMissingValues replaces NaN), or set " +
            "KerasTrainerOptions.SkipRowsWithNonFiniteValues to leave them out.");
    }

    // The current row's id (its index in the source for ML.NET's loaders and transforms); its position in this pass
    // when the view gives no usable id.
    string RowId()
    {
        var id = default(Microsoft.ML.Data.DataViewRowId);
        try
        {
            cursor.GetIdGetter()(ref id);
        }
        catch (Exception e) when (e is NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            return $"{cursor.Position} (in the order read)";
        }
        return id.High == 0 ? id.Low.ToString(System.Globalization.CultureInfo.InvariantCulture) : id.ToString();
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
