extern alias MicrosoftML;
using Microsoft.ML.KerasStyle.MLNet;
using MicrosoftML::Microsoft.ML;
using KeyTypeAttribute = MicrosoftML::Microsoft.ML.Data.KeyTypeAttribute;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>Every schema mismatch fails at Fit (before training) or GetOutputSchema with a message naming the column.</summary>
[TestClass]
public sealed class SchemaErrorTests : KerasTestBase
{
    public sealed class Row
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [0, 0, 0, 0];

        [VectorType(3)]
        public float[] Short { get; set; } = [0, 0, 0];

        public string Text { get; set; } = "a";

        [KeyType(3)]
        public uint Key { get; set; }

        public float Value { get; set; }
    }

    static readonly MLContext Ml = new(seed: 1);
    static readonly IDataView Data = Ml.Data.LoadFromEnumerable(new[] { new Row(), new Row { Key = 1 }, new Row { Key = 2 } });

    static Sequential Classifier(int classes = 3, string loss = "sparse_categorical_crossentropy")
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(classes, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: loss);
        return model;
    }

    static void AssertFitFails(KerasEstimator estimator, params string[] fragments)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => estimator.Fit(Data));
        foreach (var fragment in fragments) StringAssert.Contains(error.Message, fragment);
    }

    [TestMethod]
    public void MissingFeatureColumnIsNamedWithTheColumnsPresent() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Key", "Pixels", verbose: 0), "feature column 'Pixels' is not in the data", "'Features'");

    [TestMethod]
    public void MissingLabelColumnIsNamed() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Class", verbose: 0), "label column 'Class' is not in the data");

    [TestMethod]
    public void VectorSizeThatDoesNotFillTheInputShapeIsNamed() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Key", "Short", verbose: 0),
            "feature column 'Short' holds 3 value(s) per row", "(None, 4)", "takes 4");

    [TestMethod]
    public void TextFeaturesAreRefused() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Key", "Text", verbose: 0), "feature column 'Text' holds String");

    [TestMethod]
    public void MulticlassNeedsAKeyLabel() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Value", verbose: 0), "label column 'Value' is Single", "MapValueToKey");

    [TestMethod]
    public void KeyCountMustMatchTheOutputUnits() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(classes: 5), "Key", verbose: 0), "label column 'Key' has 3 classes", "has 5 units");

    [TestMethod]
    public void KeyLabelNeedsAClassificationLoss() =>
        AssertFitFails(Ml.MulticlassClassification.Trainers.Keras(Classifier(loss: "mean_squared_error"), "Key", verbose: 0), "label column 'Key' is a key", "'mean_squared_error'");

    [TestMethod]
    public void BinaryNeedsABooleanOrSingleLabelAndOneUnit()
    {
        var binary = new Sequential([Keras.Input(shape: [4]), new Dense(1, activation: "sigmoid")]);
        binary.Compile(optimizer: "sgd", loss: "binary_crossentropy");
        AssertFitFails(Ml.BinaryClassification.Trainers.Keras(binary, "Key", verbose: 0), "label column 'Key' is a key");
        AssertFitFails(Ml.BinaryClassification.Trainers.Keras(Classifier(loss: "binary_crossentropy"), "Value", verbose: 0), "needs one unit");
    }

    [TestMethod]
    public void TransformerChecksTheColumnsOfNewData()
    {
        var model = Classifier();
        var transformer = Ml.MulticlassClassification.Trainers.Keras(model, "Key", epochs: 0, verbose: 0).Fit(Data);
        var renamed = Ml.Transforms.CopyColumns("Other", "Features").Fit(Data).Transform(Data);
        var without = Ml.Transforms.DropColumns("Features").Fit(renamed).Transform(renamed);
        var error = Assert.ThrowsExactly<ArgumentException>(() => transformer.GetOutputSchema(without.Schema));
        StringAssert.Contains(error.Message, "feature column 'Features' is not in the data");
        Assert.ThrowsExactly<ArgumentException>(() => transformer.Transform(without));
    }

    [TestMethod]
    public void EstimatorOutputSchemaNamesMissingColumnsAndListsTheOutputs()
    {
        var estimator = Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Key", verbose: 0);
        // ML.NET makes schema shapes itself (SchemaShape.Create is internal): as its estimator chains do.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!;
        var shape = (SchemaShape)create.Invoke(null, [Data.Schema])!;
        var output = estimator.GetOutputSchema(shape);
        Assert.IsTrue(output.Any(c => c.Name == "Score"));
        Assert.IsTrue(output.Any(c => c.Name == "PredictedLabel" && c.IsKey));
        var error = Assert.ThrowsExactly<ArgumentException>(() => Ml.MulticlassClassification.Trainers.Keras(Classifier(), "Missing", verbose: 0).GetOutputSchema(shape));
        StringAssert.Contains(error.Message, "label column 'Missing'");
    }

    [TestMethod]
    public void UncompiledModelIsAClearError()
    {
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(3, activation: "softmax")]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Ml.MulticlassClassification.Trainers.Keras(model, "Key", verbose: 0).Fit(Data));
        StringAssert.Contains(error.Message, "is not compiled");
    }
}
