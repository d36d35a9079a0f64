using Microsoft.ML.KerasStyle.Data;
using static Microsoft.ML.KerasStyle.Tests.Data.DatasetTestData;

namespace Microsoft.ML.KerasStyle.Tests.Data;

[TestClass]
public sealed class DatasetSlicingTests : KerasTestBase
{
    [TestMethod]
    public void OneTensorSlicesIntoItsRows()
    {
        var dataset = Dataset.FromTensorSlices(Rows(4));
        Assert.AreEqual(4, dataset.Cardinality);
        var rows = dataset.Select(e => Floats(e[0])).ToList();
        Assert.HasCount(4, rows);
        // Row i is [10i, 10i+1, 10i+2].
        CollectionAssert.AreEqual(new float[] { 20, 21, 22 }, rows[2]);
        Assert.AreEqual(1, dataset.First().Count);
    }

    [TestMethod]
    public void SeveralTensorsSliceTogetherAndDeconstruct()
    {
        var dataset = Dataset.FromTensorSlices(Rows(3), Labels(3));
        var seen = new List<(float First, long Label)>();
        foreach (var (x, y) in dataset)
        {
            CollectionAssert.AreEqual(new long[] { 3 }, x.shape);
            Assert.AreEqual(0, y.dim());
            seen.Add((Floats(x)[0], Long(y)));
        }
        CollectionAssert.AreEqual(new[] { (0f, 0L), (10f, 1L), (20f, 2L) }, seen);
    }

    [TestMethod]
    public void ArraysOfAnyRankAreConvertedAndSliced()
    {
        var images = new float[2, 2, 2] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } };
        var labels = new int[] { 7, 9 };
        var elements = Dataset.FromTensorSlices(images, labels).ToList();
        Assert.HasCount(2, elements);
        var (image, label) = Dataset.FromTensorSlices(images, labels).Skip(1).First();
        CollectionAssert.AreEqual(new float[] { 5, 6, 7, 8 }, Floats(image));
        CollectionAssert.AreEqual(new long[] { 2, 2 }, image.shape);
        Assert.AreEqual(9, Long(label));
        Assert.AreEqual(ScalarType.Int64, label.dtype);
    }

    [TestMethod]
    public void TupleSlicesLikeSeparateArguments()
    {
        var (x, y) = Dataset.FromTensorSlices((Rows(2), Labels(2))).Skip(1).First();
        CollectionAssert.AreEqual(new float[] { 10, 11, 12 }, Floats(x));
        Assert.AreEqual(1, Long(y));
    }

    [TestMethod]
    public void DictionaryGivesNamedComponents()
    {
        var dataset = Dataset.FromTensorSlices(new Dictionary<string, Tensor> { ["title"] = Rows(3), ["tags"] = Labels(3) });
        var element = dataset.Skip(2).First();
        Assert.AreEqual(2, element.Count);
        CollectionAssert.AreEqual(new[] { "title", "tags" }, element.Names.ToArray());
        Assert.IsTrue(element.IsNamed);
        CollectionAssert.AreEqual(new float[] { 20, 21, 22 }, Floats(element["title"]));
        Assert.AreEqual(2, Long(element["tags"]));
        Assert.AreEqual(2, Long(element[1]));
    }

    [TestMethod]
    public void TwoDictionariesBecomeInputAndTargetGroups()
    {
        var dataset = Dataset.FromTensorSlices(
            new Dictionary<string, Tensor> { ["title"] = Rows(3), ["tags"] = Labels(3) },
            new Dictionary<string, Tensor> { ["priority"] = Labels(3) * 2 });
        var element = dataset.Skip(1).First();
        Assert.AreEqual(2, element.Count);
        Assert.IsTrue(element.IsGroup(0) && element.IsGroup(1));
        CollectionAssert.AreEqual(new float[] { 10, 11, 12 }, Floats(element.Group(0)["title"]));
        Assert.AreEqual(2, Long(element.Group(1)["priority"]));
        Assert.AreEqual("({title: float32[3], tags: int64[]}, {priority: int64[]})", element.ToString());
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => element[0]);
        StringAssert.Contains(error.Message, "Group(0)");
        var missing = Assert.ThrowsExactly<KeyNotFoundException>(() => element["title"]);
        StringAssert.Contains(missing.Message, "Group(0)[\"title\"]");
    }

    [TestMethod]
    public void DifferentLengthsNameTheComponentsAndLengths()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(Rows(5), Labels(4)));
        StringAssert.Contains(error.Message, "component 0 has 5");
        StringAssert.Contains(error.Message, "component 1 has 4");

        var named = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(new Dictionary<string, Tensor> { ["images"] = Rows(3), ["labels"] = Labels(2) }));
        StringAssert.Contains(named.Message, "component 'images' has 3");
        StringAssert.Contains(named.Message, "component 'labels' has 2");

        var nested = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(new Dictionary<string, Tensor> { ["title"] = Rows(3) }, Labels(7)));
        StringAssert.Contains(nested.Message, "component 0['title'] has 3");
        StringAssert.Contains(nested.Message, "component 1 has 7");
    }

    [TestMethod]
    public void ScalarsAndEmptyInputsAreClearErrors()
    {
        var scalar = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(Rows(2), tensor(3f)));
        StringAssert.Contains(scalar.Message, "component 1 is a scalar");
        Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices(Array.Empty<Tensor>()));
        var unsupported = Assert.ThrowsExactly<ArgumentException>(() => Dataset.FromTensorSlices("text", Labels(2)));
        StringAssert.Contains(unsupported.Message, "'x'");
    }

    [TestMethod]
    public void SourcesOutliveTheScopeThatCreatedThem()
    {
        Dataset dataset;
        Tensor original;
        using (NewDisposeScope())
        {
            original = Rows(3);
            dataset = Dataset.FromTensorSlices(original, Labels(3));
        }
        Assert.IsTrue(original.IsInvalid, "the caller's tensor was disposed with its scope");
        var firsts = dataset.Select(e => Floats(e[0])[0]).ToList();
        CollectionAssert.AreEqual(new float[] { 0, 10, 20 }, firsts);
        // And again: the dataset is re-enumerable.
        Assert.AreEqual(3, dataset.Count());
    }

    [TestMethod]
    public void ElementsConvertToModelInputsAndTargets()
    {
        var element = DatasetElement.From((new Dictionary<string, Tensor> { ["a"] = Rows(1), ["b"] = Labels(1) }, Labels(1)));
        Inputs inputs = element.Group(0);
        CollectionAssert.AreEqual(new[] { "a", "b" }, inputs.Names.ToArray());
        Outputs targets = new DatasetElement(Labels(2), Labels(2));
        Assert.AreEqual(2, targets.Count);
        Assert.ThrowsExactly<InvalidOperationException>(() => { var (a, b, c) = new DatasetElement(Labels(1), Labels(1)); });
    }
}
