using Microsoft.ML.Data;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// Passes another data view's rows through and records what its cursors went through: which threads moved them,
/// whether they were disposed. With <c>failingColumn</c>, that column's getter throws an <see cref="IOException"/>
/// ("disk on fire") at row <c>failAtRow</c>, as a broken file or a failing transform would.
/// </summary>
internal sealed class WatchedDataView(IDataView inner, string? failingColumn = null, long failAtRow = -1) : IDataView
{
    readonly List<WatchedCursor> cursors = [];

    /// <summary>Every cursor opened so far.</summary>
    public IReadOnlyList<WatchedCursor> Cursors
    {
        get
        {
            lock (cursors) return cursors.ToList();
        }
    }

    public bool CanShuffle => inner.CanShuffle;

    public DataViewSchema Schema => inner.Schema;

    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cursor = new WatchedCursor(inner.GetRowCursor(columnsNeeded, rand), failingColumn, failAtRow);
        lock (cursors) cursors.Add(cursor);
        return cursor;
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>A cursor of <see cref="WatchedDataView"/>.</summary>
    internal sealed class WatchedCursor(DataViewRowCursor inner, string? failingColumn, long failAtRow) : DataViewRowCursor
    {
        readonly HashSet<Thread> movers = [];

        /// <summary>The threads that called MoveNext.</summary>
        public IReadOnlyCollection<Thread> Movers
        {
            get
            {
                lock (movers) return movers.ToList();
            }
        }

        /// <summary>Whether the cursor was disposed.</summary>
        public bool Disposed { get; private set; }

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            lock (movers) movers.Add(Thread.CurrentThread);
            return inner.MoveNext();
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var getter = inner.GetGetter<TValue>(column);
            if (column.Name != failingColumn) return getter;
            return (ref TValue value) =>
            {
                if (inner.Position == failAtRow) throw new IOException("disk on fire");
                getter(ref value);
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !Disposed) inner.Dispose();
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
