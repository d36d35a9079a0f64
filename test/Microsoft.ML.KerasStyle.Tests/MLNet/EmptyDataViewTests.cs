extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>
/// The ML.NET trainers refuse an IDataView without rows: with its keys from keyData the trainer used to "fit" 0 rows,
/// and without keyData it blamed the key count MapValueToKey made up for the empty column.
/// </summary>
[TestClass]
public sealed class EmptyDataViewTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [0, 0, 0, 0];

        public string Label { get; set; } = "a";

        public float Index { get; set; }
    }

    public sealed class KeyRow
    {
        public string Label { get; set; } = "a";
    }

    static Sequential Classifier()
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        return model;
    }

    static IDataView Rows(MLContext ml, int count) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(i => new Row { Features = [i, 1, 2, 3], Label = "abc"[i % 3].ToString(), Index = i }).ToList());

    static IDataView KeyData(MLContext ml) => ml.Data.LoadFromEnumerable(new[] { new KeyRow { Label = "a" }, new KeyRow { Label = "b" }, new KeyRow { Label = "c" } });

    const string NoRows = "ml.MulticlassClassification.Trainers.Keras: the IDataView given to Fit has no rows: there is nothing to train on.";

    [TestMethod]
    public void EmptyDataWithKeysFromKeyDataFails()
    {
        var ml = new MLContext(seed: 1);
        var model = Classifier();
        var before = model.GetWeights().Select(w => w.data<float>().ToArray()).ToList();
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: KeyData(ml)).Append(ml.MulticlassClassification.Trainers.Keras(model, verbose: 0));
        var error = Assert.ThrowsExactly<ArgumentException>(() => pipeline.Fit(Rows(ml, 0)));
        StringAssert.StartsWith(error.Message, NoRows);
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], model.GetWeights()[i].data<float>().ToArray());
    }

    [TestMethod]
    public void EmptyDataWithoutKeyDataIsBlamedOnTheDataNotTheKeyCount()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.Keras(Classifier(), verbose: 0));
        var error = Assert.ThrowsExactly<ArgumentException>(() => pipeline.Fit(Rows(ml, 0)));
        StringAssert.StartsWith(error.Message, NoRows);
    }

    [TestMethod]
    public void DataThatAFilterEmptiesFails()
    {
        // A filtered view does not know its row count: the trainer looks for a first row.
        var ml = new MLContext(seed: 1);
        var filtered = ml.Data.FilterRowsByColumn(Rows(ml, 6), "Index", lowerBound: 100);
        Assert.IsNull(filtered.GetRowCount());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: KeyData(ml)).Append(ml.MulticlassClassification.Trainers.Keras(Classifier(), verbose: 0));
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => pipeline.Fit(filtered)).Message, NoRows);
    }

    [TestMethod]
    public void EmptyValidationDataFails()
    {
        var ml = new MLContext(seed: 1);
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", keyData: KeyData(ml)).Fit(Rows(ml, 6));
        var options = new KerasTrainerOptions { Verbose = 0, ValidationData = toKey.Transform(Rows(ml, 0)) };
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.MulticlassClassification.Trainers.Keras(Classifier(), options).Fit(toKey.Transform(Rows(ml, 6))));
        StringAssert.StartsWith(error.Message, "ml.MulticlassClassification.Trainers.Keras: KerasTrainerOptions.ValidationData has no rows: there is nothing to validate on.");
    }

    [TestMethod]
    public void AnEmptyDataViewGivenToModelFitAsADatasetFails()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label", keyData: KeyData(ml)).Fit(Rows(ml, 3)).Transform(Rows(ml, 0));
        var dataset = KerasStyle.Data.Dataset.FromDataView(data, "Features", "Label").Batch(2);
        StringAssert.StartsWith(Assert.ThrowsExactly<ArgumentException>(() => Classifier().Fit(dataset, verbose: 0)).Message, "Fit: x is an empty Dataset");
    }
}
