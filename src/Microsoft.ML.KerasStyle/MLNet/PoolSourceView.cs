using Microsoft.ML.Data;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// The data under ML.NET's shuffle pool (<c>ShuffleRows</c>, for sources that cannot shuffle themselves), with the
/// cursors the pool opens on it closed by the trainer at the end of each pass (<see cref="CloseCursors"/>). ML.NET 5's
/// pool never disposes the cursor it reads from, neither when its own cursor is disposed early nor at the end of the
/// data, so without this a text file's handle or a database reader would stay open after every epoch until the garbage
/// collector found it.
/// </summary>
/// <remarks>
/// The pool reads its cursor on a thread of its own. A closed cursor ends (MoveNext returns false, so the pool's reading
/// stops cleanly); each call into it holds a lock, so the cursor under it is never disposed in the middle of a MoveNext
/// or a getter.
/// </remarks>
/// <param name="source">The data, which cannot shuffle itself.</param>
internal sealed class PoolSourceView(IDataView source) : IDataView
{
    readonly List<ClosableCursor> open = [];

    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var cursor = new ClosableCursor(source.GetRowCursor(columnsNeeded, rand));
        lock (open) open.Add(cursor);
        return cursor;
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Ends and disposes every cursor opened so far (the pass that read them is over).</summary>
    public void CloseCursors()
    {
        List<ClosableCursor> cursors;
        lock (open)
        {
            cursors = [.. open];
            open.Clear();
        }
        foreach (var cursor in cursors) cursor.Close();
    }

    sealed class ClosableCursor(DataViewRowCursor inner) : DataViewRowCursor
    {
        readonly object gate = new();
        bool closed;
        long position = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => position;

        public override long Batch => inner.Batch;

        public override bool MoveNext()
        {
            lock (gate)
            {
                if (closed || !inner.MoveNext()) return false;
                position = inner.Position;
                return true;
            }
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Guarded(inner.GetGetter<TValue>(column));

        public override ValueGetter<DataViewRowId> GetIdGetter() => Guarded(inner.GetIdGetter());

        // The getter under the cursor's lock, refused once the cursor is closed.
        ValueGetter<T> Guarded<T>(ValueGetter<T> getter) => (ref T value) =>
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(closed, this);
                getter(ref value);
            }
        };

        public void Close()
        {
            lock (gate)
            {
                if (closed) return;
                closed = true;
                inner.Dispose();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Close();
            base.Dispose(disposing);
        }
    }
}
