using Microsoft.ML.Data;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// A small in-memory data view: one .NET array per column (element type = the column type's raw type), all of one
/// length. Used for the history view and for the key tables of the saved scoring chain.
/// </summary>
internal sealed class ArrayDataView : IDataView
{
    readonly Array[] columns;
    readonly int rows;

    public ArrayDataView(IReadOnlyList<(string Name, DataViewType Type, Array Values)> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var (name, type, values) in columns)
        {
            if (values.GetType().GetElementType() != type.RawType)
                throw new ArgumentException($"Column '{name}' of type {type} needs a {type.RawType.Name}[]; received {values.GetType().Name}.");
            builder.AddColumn(name, type);
        }
        Schema = builder.ToSchema();
        this.columns = columns.Select(c => c.Values).ToArray();
        rows = this.columns.Length == 0 ? 0 : this.columns[0].Length;
        if (this.columns.Any(c => c.Length != rows)) throw new ArgumentException("ArrayDataView: every column needs the same number of rows.");
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    sealed class Cursor(ArrayDataView parent) : DataViewRowCursor
    {
        long position = -1;

        public override long Position => position;

        public override long Batch => 0;

        public override DataViewSchema Schema => parent.Schema;

        public override bool MoveNext()
        {
            if (position + 1 >= parent.rows)
            {
                position = parent.rows;
                return false;
            }
            position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (parent.columns[column.Index] is not TValue[] values)
                throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
            return (ref TValue value) => value = values[position];
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);
    }
}
