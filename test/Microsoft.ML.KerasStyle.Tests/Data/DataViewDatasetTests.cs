extern alias MicrosoftML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Data;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;
using static MicrosoftML::Microsoft.ML.ConversionsExtensionsCatalog; // MapValueToKey
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.Data;

[TestClass]
public sealed class DataViewDatasetTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(2, 2)] public float[] Pixels { get; set; } = [];
        public string Animal { get; set; } = "";
        public bool Flag { get; set; }
        public double Score { get; set; }
        public int Count { get; set; }
        [VectorType(5)] public VBuffer<float> Sparse { get; set; }
        [VectorType(3)] public double[] Measures { get; set; } = [];
    }

    static readonly string[] Animals = ["cat", "dog", "cat", "bird", "dog"];

    static List<Row> Rows() => Enumerable.Range(0, 5).Select(i => new Row
    {
        Pixels = [i, i + 0.5f, -i, 2 * i],
        Animal = Animals[i],
        Flag = i % 2 == 0,
        Score = i * 1.5,
        Count = 10 - i,
        // Row i holds the value i + 1 at position i (sparse: one explicit value out of 5).
        Sparse = new VBuffer<float>(5, 1, [i + 1f], [i]),
        Measures = [i, i * 2, i * 3],
    }).ToList();

    static (MLContext Context, IDataView Data) Load()
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(Rows());
        // Keys by first occurrence: cat = 1, dog = 2, bird = 3.
        var keyed = context.Transforms.Conversion.MapValueToKey("Label", "Animal").Fit(data).Transform(data);
        return (context, keyed);
    }

    [TestMethod]
    public void VectorColumnAndKeyLabelBecomeFeaturesAndZeroBasedClasses()
    {
        var (_, data) = Load();
        var dataset = Dataset.FromDataView(data, "Pixels", "Label");
        var rows = dataset.Select(e =>
        {
            var (x, y) = e;
            return (Shape: x.shape, Pixels: Floats(x), Dtype: y.dtype, Label: Long(y));
        }).ToList();
        Assert.HasCount(5, rows);
        CollectionAssert.AreEqual(new long[] { 2, 2 }, rows[3].Shape);
        CollectionAssert.AreEqual(new float[] { 3, 3.5f, -3, 6 }, rows[3].Pixels);
        Assert.AreEqual(ScalarType.Int64, rows[0].Dtype);
        // cat, dog, cat, bird, dog → keys 1, 2, 1, 3, 2 → classes 0, 1, 0, 2, 1.
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 2, 1 }, rows.Select(r => r.Label).ToArray());
    }

    [TestMethod]
    public void KeyLabelsAreTheRawKeysMinusOne()
    {
        var (_, data) = Load();
        // The raw keys, read straight from ML.NET's cursor.
        var rawKeys = new List<uint>();
        using (var cursor = data.GetRowCursor([data.Schema["Label"]]))
        {
            var getter = cursor.GetGetter<uint>(data.Schema["Label"]);
            uint key = 0;
            while (cursor.MoveNext())
            {
                getter(ref key);
                rawKeys.Add(key);
            }
        }
        var labels = Dataset.FromDataView(data, "Pixels", "Label").Select(e => Long(e[1])).ToArray();
        CollectionAssert.AreEqual(rawKeys.Select(k => (long)k - 1).ToArray(), labels);
    }

    [TestMethod]
    public void MissingKeyIsAClearError()
    {
        var context = new MLContext(seed: 1);
        var training = context.Data.LoadFromEnumerable(Rows().Take(2)); // knows cat and dog only
        var mapping = context.Transforms.Conversion.MapValueToKey("Label", "Animal").Fit(training);
        var unseen = mapping.Transform(context.Data.LoadFromEnumerable(Rows())); // row 3 is a bird: key 0
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Dataset.FromDataView(unseen, "Pixels", "Label").Select(e => Long(e[1])).ToList());
        StringAssert.Contains(error.Message, "'Label'");
        StringAssert.Contains(error.Message, "missing key (0) at row 3");
    }

    [TestMethod]
    public void BoolDoubleAndIntScalarsBecomeScalars()
    {
        var (_, data) = Load();
        var element = Dataset.FromDataView(data, ["Score", "Count"], "Flag").Skip(3).First();
        var (features, flag) = (element.Group(0), element[1]);
        CollectionAssert.AreEqual(new[] { "Score", "Count" }, features.Names.ToArray());
        Assert.AreEqual(0, features["Score"].dim());
        Assert.AreEqual(ScalarType.Float32, features["Score"].dtype);
        Assert.AreEqual(4.5f, features["Score"].item<float>()); // 3 × 1.5
        Assert.AreEqual(ScalarType.Int64, features["Count"].dtype);
        Assert.AreEqual(7L, features["Count"].item<long>()); // 10 − 3
        Assert.AreEqual(ScalarType.Bool, flag.dtype);
        Assert.IsFalse(flag.item<bool>()); // 3 is odd
    }

    [TestMethod]
    public void SparseVectorsAreDensified()
    {
        var (_, data) = Load();
        using (var cursor = data.GetRowCursor([data.Schema["Sparse"]]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(data.Schema["Sparse"]);
            var buffer = default(VBuffer<float>);
            cursor.MoveNext();
            getter(ref buffer);
            Assert.IsFalse(buffer.IsDense, "the column really is sparse");
        }
        var vectors = Dataset.FromDataView(data, "Sparse").Select(e => Floats(e[0])).ToList();
        Assert.HasCount(5, vectors);
        for (var i = 0; i < 5; i++)
        {
            var expected = new float[5];
            expected[i] = i + 1;
            CollectionAssert.AreEqual(expected, vectors[i], $"row {i}");
        }
    }

    [TestMethod]
    public void DoubleVectorsBecomeFloat32AndWeightsAreAThirdComponent()
    {
        var (_, data) = Load();
        var element = Dataset.FromDataView(data, "Measures", "Label", weightColumn: "Score").Skip(2).First();
        Assert.AreEqual(3, element.Count);
        var (x, y, w) = element;
        Assert.AreEqual(ScalarType.Float32, x.dtype);
        CollectionAssert.AreEqual(new float[] { 2, 4, 6 }, Floats(x));
        Assert.AreEqual(0, Long(y)); // the second cat
        Assert.AreEqual(3f, w.item<float>()); // 2 × 1.5
    }

    [TestMethod]
    public void BatchesAndShufflesLikeAnyDataset()
    {
        var (_, data) = Load();
        var batches = Dataset.FromDataView(data, "Pixels", "Label").Shuffle(5, seed: 3).Batch(2).ToList();
        Assert.HasCount(3, batches);
        var labels = Dataset.FromDataView(data, "Pixels", "Label").Shuffle(5, seed: 3).Batch(2).SelectMany(b => Longs(b[1])).ToArray();
        CollectionAssert.AreEquivalent(new long[] { 0, 1, 0, 2, 1 }, labels);
        var (x, _) = Dataset.FromDataView(data, "Pixels", "Label").Batch(4).First();
        CollectionAssert.AreEqual(new long[] { 4, 2, 2 }, x.shape);
    }

    [TestMethod]
    public void MissingAndUnsupportedColumnsNameTheColumn()
    {
        var (_, data) = Load();
        var missing = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromDataView(data, "Image", "Label"));
        StringAssert.Contains(missing.Message, "feature column 'Image'");
        StringAssert.Contains(missing.Message, "'Pixels'");
        var missingLabel = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromDataView(data, "Pixels", "Target"));
        StringAssert.Contains(missingLabel.Message, "label column 'Target'");
        var text = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromDataView(data, "Animal"));
        StringAssert.Contains(text.Message, "column 'Animal' is text");
        var weightWithoutLabel = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromDataView(data, "Pixels", weightColumn: "Score"));
        StringAssert.Contains(weightWithoutLabel.Message, "'Score'");
    }

    [TestMethod]
    public void StreamsWithoutReadingAheadAndCountsRows()
    {
        var reads = 0;
        var context = new MLContext(seed: 1);
        IEnumerable<Row> Counted()
        {
            foreach (var row in Rows())
            {
                reads++;
                yield return row;
            }
        }
        var streamed = context.Data.LoadFromEnumerable(Counted());
        Assert.HasCount(2, Dataset.FromDataView(streamed, "Pixels").Take(2).ToList());
        Assert.IsTrue(reads <= 3, $"{reads} rows were read to produce 2 elements");
        var (_, data) = Load();
        var cardinality = Dataset.FromDataView(data, "Pixels").Cardinality;
        Assert.IsTrue(cardinality is 5 or Dataset.UnknownCardinality, $"cardinality {cardinality}");
    }
}
