namespace Microsoft.ML.KerasStyle.Data;

/// <summary>
/// The rows of an ML.NET <c>IDataView</c>, read through a row cursor one at a time (a new cursor per enumeration), so
/// the data is never held in memory as a whole. Element: <c>(x)</c>, <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>, where
/// x is the single feature column as a tensor, or the feature columns as a group named after the columns.
/// </summary>
internal sealed class DataViewDataset : Dataset
{
    readonly IDataView data;
    readonly IReadOnlyList<DataViewColumnReader> features;
    readonly DataViewColumnReader? label;
    readonly DataViewColumnReader? weight;

    public DataViewDataset(IDataView data, IReadOnlyList<string> featureColumns, string? labelColumn, string? weightColumn)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureColumns);
        if (featureColumns.Count == 0) throw new ArgumentException("Dataset.FromDataView needs at least one feature column.", nameof(featureColumns));
        var duplicate = featureColumns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Dataset.FromDataView: the feature column '{duplicate.Key}' is listed twice.", nameof(featureColumns));
        if (weightColumn is not null && labelColumn is null)
            throw new ArgumentException($"Dataset.FromDataView: the weight column '{weightColumn}' needs a label column (elements are (x, y, sampleWeight)).", nameof(weightColumn));
        this.data = data;
        features = featureColumns.Select(c => DataViewColumnReader.For(data.Schema, c, "feature")).ToList();
        label = labelColumn is null ? null : DataViewColumnReader.For(data.Schema, labelColumn, "label");
        weight = weightColumn is null ? null : DataViewColumnReader.For(data.Schema, weightColumn, "weight");
    }

    public override long Cardinality => data.GetRowCount() is { } rows ? rows : UnknownCardinality;

    internal override IEnumerable<DatasetElement> Elements()
    {
        var readers = features.Concat(label is null ? [] : [label]).Concat(weight is null ? [] : [weight]).ToList();
        using var cursor = data.GetRowCursor(readers.Select(r => r.Column).Distinct());
        var featureGetters = features.Select(f => (f.Name, Read: f.Bind(cursor))).ToList();
        var labelGetter = label?.Bind(cursor);
        var weightGetter = weight?.Bind(cursor);
        while (cursor.MoveNext())
        {
            var components = new List<DatasetElement.Component>(3)
            {
                featureGetters.Count == 1
                    ? DatasetElement.Component.Leaf(null, featureGetters[0].Read())
                    : DatasetElement.Component.Nested(null, new DatasetElement(featureGetters.Select(f => DatasetElement.Component.Leaf(f.Name, f.Read())))),
            };
            if (labelGetter is not null) components.Add(DatasetElement.Component.Leaf(null, labelGetter()));
            if (weightGetter is not null) components.Add(DatasetElement.Component.Leaf(null, weightGetter()));
            yield return new DatasetElement(components);
        }
    }
}
