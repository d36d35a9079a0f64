using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Data;

// Where datasets come from: tensors or arrays in memory, several datasets side by side, a generator, an ML.NET IDataView.
public abstract partial class Dataset
{
    /// <summary>
    /// A dataset of the rows of tensors (tf.data's <c>from_tensor_slices</c>): element i holds row i (along axis 0) of
    /// every tensor, e.g. <c>Dataset.FromTensorSlices(images, labels)</c> yields <c>(image, label)</c> pairs.
    /// </summary>
    /// <remarks>
    /// The dataset keeps its own handles on the tensors (no copy, no autograd history), detached from every dispose
    /// scope: it keeps working after the scope that created them ends. Elements (and batches taken straight from it) are
    /// views of those tensors: modify them out of place (<c>x / 255f</c>), not in place (<c>x.div_(255)</c>), or the
    /// dataset changes too. The tensors are released by the garbage collector once the dataset is unreachable.
    /// </remarks>
    /// <param name="components">The tensors, all with the same length along axis 0.</param>
    /// <exception cref="ArgumentException">No tensor, a scalar, or lengths that differ (the message names the components and their lengths).</exception>
    public static Dataset FromTensorSlices(params Tensor[] components) => FromStructure(new DatasetElement(components));

    /// <summary>
    /// A dataset of the rows of tensors by name: each element is named like the dictionary, e.g. the inputs of a
    /// functional model by input name (<c>["title"] = titles, ["tags"] = tags</c>). Alone, a named element is the
    /// inputs (x) when given to a model, as in Keras; pair it with targets via <see cref="FromTensorSlices(object, object)"/>.
    /// </summary>
    /// <param name="components">The tensors by name, all with the same length along axis 0.</param>
    public static Dataset FromTensorSlices(IReadOnlyDictionary<string, Tensor> components) => FromStructure(new DatasetElement(components));

    /// <summary>
    /// A dataset of the rows of one structure: a tensor or .NET array (any rank: <c>float[,,]</c>, <c>byte[,]</c>…), a
    /// tuple (<c>(images, labels)</c>), or a dictionary with string keys (of tensors, arrays, or nested structures).
    /// Every tensor inside is sliced along axis 0; tuples and dictionaries nested inside become groups of the element.
    /// </summary>
    /// <param name="data">The structure to slice.</param>
    public static Dataset FromTensorSlices(object data)
    {
        var parsed = ElementStructure.Parse(data, nameof(data));
        return FromStructure(parsed.Group ?? new DatasetElement([parsed]));
    }

    /// <summary>
    /// A dataset of <c>(x, y)</c> rows from two structures, each a tensor, a .NET array, a tuple or a dictionary: e.g.
    /// <c>FromTensorSlices(images, labels)</c> with arrays, or inputs and targets by name for a multi-input,
    /// multi-output model: <c>FromTensorSlices(new Dictionary&lt;string, Tensor&gt; { ["title"] = …, ["tags"] = … },
    /// new Dictionary&lt;string, Tensor&gt; { ["priority"] = …, ["department"] = … })</c> (each dictionary becomes a group).
    /// </summary>
    /// <param name="x">The inputs (component 0).</param>
    /// <param name="y">The targets (component 1).</param>
    public static Dataset FromTensorSlices(object x, object y) =>
        FromStructure(new DatasetElement([ElementStructure.Parse(x, nameof(x)), ElementStructure.Parse(y, nameof(y))]));

    /// <summary>A dataset of <c>(x, y, sampleWeight)</c> rows from three structures (see <see cref="FromTensorSlices(object, object)"/>).</summary>
    /// <param name="x">The inputs (component 0).</param>
    /// <param name="y">The targets (component 1).</param>
    /// <param name="sampleWeight">Per-sample weights (component 2).</param>
    public static Dataset FromTensorSlices(object x, object y, object sampleWeight) =>
        FromStructure(new DatasetElement([ElementStructure.Parse(x, nameof(x)), ElementStructure.Parse(y, nameof(y)), ElementStructure.Parse(sampleWeight, nameof(sampleWeight))]));

    /// <summary>
    /// Datasets side by side (tf.data's <c>zip</c>): component i of each element comes from dataset i — a tensor when
    /// that dataset yields single tensors, a group otherwise. <c>Dataset.Zip(inputs, targets)</c> pairs inputs by name
    /// with targets. Ends with the shortest dataset.
    /// </summary>
    /// <param name="datasets">The datasets, at least one.</param>
    public static Dataset Zip(params Dataset[] datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Length == 0) throw new ArgumentException("Dataset.Zip needs at least one dataset.", nameof(datasets));
        for (var i = 0; i < datasets.Length; i++)
            if (datasets[i] is null) throw new ArgumentNullException(nameof(datasets), $"Dataset.Zip: dataset {i} is null.");
        return new ZipDataset(datasets.ToArray());
    }

    /// <summary>
    /// A dataset whose elements come from <paramref name="generator"/>, called again for each enumeration (tf.data's
    /// <c>from_generator</c>): for data that does not fit in memory or is read from files.
    /// </summary>
    /// <param name="generator">Returns the elements of one pass (e.g. an iterator method yielding tuples of tensors).</param>
    /// <param name="cardinality">The number of elements, when known. Defaults to <see cref="UnknownCardinality"/>.</param>
    public static Dataset FromGenerator(Func<IEnumerable<DatasetElement>> generator, long cardinality = UnknownCardinality)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (cardinality < InfiniteCardinality)
            throw new ArgumentOutOfRangeException(nameof(cardinality), $"Dataset.FromGenerator: cardinality must be a count, UnknownCardinality (−1) or InfiniteCardinality (−2), received {cardinality}.");
        return new GeneratorDataset(generator, cardinality);
    }

    /// <summary>
    /// Streams the rows of an ML.NET <c>IDataView</c> through a row cursor (never materialising the whole data): elements
    /// are <c>(x)</c>, <c>(x, y)</c> with a label, or <c>(x, y, sampleWeight)</c> with a weight column. x is the feature
    /// column as a tensor, or, with several feature columns, a group named after them (matching model inputs by name).
    /// </summary>
    /// <remarks>
    /// Vector columns of known size become float32 (Single, Double), int64 (integers) or bool tensors of the vector's
    /// dimensions, sparse vectors densified; scalar columns become 0-d tensors; key columns (e.g. from
    /// <c>MapValueToKey</c>) become 0-based int64 class indices (raw key − 1), a missing key (0) being an error. Text
    /// and variable-size vectors are errors: featurize them in ML.NET first.
    /// </remarks>
    /// <param name="data">The data view.</param>
    /// <param name="featureColumns">The columns that form the inputs.</param>
    /// <param name="labelColumn">The column of targets. Defaults to none (elements are inputs only, for prediction).</param>
    /// <param name="weightColumn">A column of per-sample weights (needs <paramref name="labelColumn"/>). Defaults to none.</param>
    /// <exception cref="ArgumentException">A column is missing or has a type with no tensor form (the message names it).</exception>
    public static Dataset FromDataView(IDataView data, string[] featureColumns, string? labelColumn = null, string? weightColumn = null) =>
        new DataViewDataset(data, featureColumns, labelColumn, weightColumn);

    /// <summary>
    /// Streams the rows of an ML.NET <c>IDataView</c> with one feature column, e.g. <c>FromDataView(data, "Features", "Label")</c>
    /// (see <see cref="FromDataView(IDataView, string[], string?, string?)"/>).
    /// </summary>
    /// <param name="data">The data view.</param>
    /// <param name="featureColumn">The column that forms the inputs.</param>
    /// <param name="labelColumn">The column of targets. Defaults to none (elements are inputs only, for prediction).</param>
    /// <param name="weightColumn">A column of per-sample weights (needs <paramref name="labelColumn"/>). Defaults to none.</param>
    public static Dataset FromDataView(IDataView data, string featureColumn, string? labelColumn = null, string? weightColumn = null) =>
        new DataViewDataset(data, [featureColumn], labelColumn, weightColumn);

    static TensorSlicesDataset FromStructure(DatasetElement structure) => new(structure);
}
