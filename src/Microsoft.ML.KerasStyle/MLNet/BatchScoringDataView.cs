using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.KerasStyle.MLNet;

/// <summary>
/// The in-process output of a fitted Keras step: the input's columns plus the produced ones, scored by ONNX Runtime a
/// batch of rows at a time (ML.NET's ApplyOnnxModel runs the network once per row). A cursor reads the features of the
/// next batch through a second, look-ahead cursor over the same input (row order is deterministic), runs the network
/// once, and serves the rows' values from the results.
/// </summary>
internal sealed class BatchScoringDataView : IDataView
{
    readonly IDataView input;
    readonly ColumnBinding binding;
    readonly IReadOnlyList<ProducedColumn> produced;
    readonly InferenceSession session;
    readonly int batchSize;
    readonly int inputCount;

    public BatchScoringDataView(IDataView input, ColumnBinding binding, IReadOnlyList<ProducedColumn> produced, InferenceSession session, int batchSize)
    {
        this.input = input;
        this.binding = binding;
        this.produced = produced;
        this.session = session;
        this.batchSize = batchSize;
        inputCount = input.Schema.Count;
        Schema = SchemaOf(input.Schema, produced);
    }

    /// <summary>The input's columns followed by <paramref name="produced"/> (which hide input columns of the same names).</summary>
    public static DataViewSchema SchemaOf(DataViewSchema input, IReadOnlyList<ProducedColumn> produced)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var column in produced) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var scoring = needed.Any(i => i >= inputCount);
        var inputColumns = needed.Where(i => i < inputCount).Select(i => input.Schema[i]).ToList();
        return new Cursor(this, input.GetRowCursor(inputColumns), scoring);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    sealed class Cursor : DataViewRowCursor
    {
        readonly BatchScoringDataView parent;
        readonly DataViewRowCursor main;
        readonly DataViewRowCursor? ahead;
        readonly List<OnnxBatchReader> readers = [];
        readonly Array?[] results;
        long batchStart;
        int batchRows;

        public Cursor(BatchScoringDataView parent, DataViewRowCursor main, bool scoring)
        {
            this.parent = parent;
            this.main = main;
            results = new Array?[parent.produced.Count];
            if (!scoring) return;
            var schema = parent.input.Schema;
            ahead = parent.input.GetRowCursor(parent.binding.Features.Select(f => schema[f.Column]).Distinct());
            foreach (var feature in parent.binding.Features)
                readers.Add(OnnxBatchReader.Create(ahead, schema[feature.Column], checked((int)feature.Size), parent.batchSize));
        }

        public override long Position => main.Position;

        public override long Batch => main.Batch;

        public override DataViewSchema Schema => parent.Schema;

        public override bool MoveNext()
        {
            if (!main.MoveNext()) return false;
            if (ahead is not null && main.Position >= batchStart + batchRows) ScoreNextBatch();
            return true;
        }

        void ScoreNextBatch()
        {
            batchStart = main.Position;
            var rows = 0;
            while (rows < parent.batchSize && ahead!.MoveNext())
            {
                foreach (var reader in readers) reader.Read(rows);
                rows++;
            }
            batchRows = rows;
            if (rows == 0) throw new InvalidOperationException("The look-ahead cursor ended before the main cursor: the input's row order is not deterministic.");
            var inputs = parent.binding.Features.Select((f, i) => readers[i].Take(f.Column, rows)).ToList();
            using var outputs = parent.session.Run(inputs, parent.produced.Select(p => p.Name).ToList());
            for (var i = 0; i < parent.produced.Count; i++)
            {
                var value = outputs[i];
                results[i] = value.ElementType switch
                {
                    TensorElementType.Float => value.AsTensor<float>().ToArray(),
                    TensorElementType.Int64 => value.AsTensor<long>().ToArray(),
                    TensorElementType.Bool => value.AsTensor<bool>().ToArray(),
                    var other => throw new NotSupportedException($"Output '{value.Name}' has element type {other}."),
                };
            }
        }

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < parent.inputCount ? main.IsColumnActive(main.Schema[column.Index]) : ahead is not null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < parent.inputCount) return main.GetGetter<TValue>(main.Schema[column.Index]);
            var index = column.Index - parent.inputCount;
            var spec = parent.produced[index];
            var size = spec.Size;
            int Row() => checked((int)(main.Position - batchStart));
            Delegate getter = spec switch
            {
                // Class index −1 (NaN scores) is the missing key 0.
                { IsClassKey: true } => (ValueGetter<uint>)((ref uint v) => v = ((long[])results[index]!)[Row()] is var k and >= 0 ? (uint)k + 1 : 0),
                { Type: VectorDataViewType } => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
                {
                    var editor = VBufferEditor.Create(ref v, size);
                    ((float[])results[index]!).AsSpan(Row() * size, size).CopyTo(editor.Values);
                    v = editor.Commit();
                }),
                { Type: BooleanDataViewType } => (ValueGetter<bool>)((ref bool v) => v = ((bool[])results[index]!)[Row()]),
                _ => (ValueGetter<float>)((ref float v) => v = ((float[])results[index]!)[Row()]),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => main.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                main.Dispose();
                ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
