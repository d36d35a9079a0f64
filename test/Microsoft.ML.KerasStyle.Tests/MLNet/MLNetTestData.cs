extern alias MicrosoftML;
using MicrosoftML::Microsoft.ML;
using Samples.Listings;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;

namespace Microsoft.ML.KerasStyle.Tests.MLNet;

/// <summary>Fashion-MNIST rows for the ML.NET tests, loaded once per test run.</summary>
internal static class MLNetTestData
{
    static readonly Lazy<(List<FashionMnistDataView.Row> Train, List<FashionMnistDataView.Row> Test)> rows = new(() =>
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.FashionMnist.LoadData();
        return (FashionMnistDataView.Rows(trainImages, trainLabels, 30_000), FashionMnistDataView.Rows(testImages, testLabels, 5_000));
    });

    /// <summary>30,000 training and 5,000 test images with text labels.</summary>
    public static (IDataView Train, IDataView Test) FashionMnist(MLContext ml) =>
        (ml.Data.LoadFromEnumerable(rows.Value.Train), ml.Data.LoadFromEnumerable(rows.Value.Test));

    /// <summary>The seed's MLP on 784 features, compiled for sparse labels.</summary>
    public static Sequential Mlp(int classes = 10)
    {
        var model = new Sequential([Keras.Input(shape: [784]), new Dense(128, activation: "relu"), new Dense(classes, activation: "softmax")]);
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }
}
