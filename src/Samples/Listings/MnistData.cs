namespace Samples.Listings;

/// <summary>
/// The seed's MNIST preparation: pixels / 255 as float32, the first 5,000 test images for validation, the rest for
/// testing. Runs on Fashion-MNIST (same shapes, ten classes) when MNIST is not on this machine, and says so.
/// </summary>
public sealed record MnistData(Tensor TrainImages, Tensor TrainLabels, Tensor ValImages, Tensor ValLabels, Tensor TestImages, Tensor TestLabels)
{
    /// <summary>Loads and prepares the data, writing which dataset was used to <paramref name="output"/>.</summary>
    public static MnistData Load(TextWriter output, ListingSettings settings)
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = Keras.Datasets.Mnist.LoadDataOrFashionMnist(out var source);
        output.WriteLine(source.IsFallback ? $"MNIST is not on this machine; using {source}" : $"Using {source}");
        var train = settings.Take(trainImages.to(ScalarType.Float32) / 255f);
        var test = testImages.to(ScalarType.Float32) / 255f;
        return new(train, settings.Take(trainLabels), test[..5000], testLabels[..5000], test[5000..], testLabels[5000..]);
    }

    /// <summary>The seed's get_mnist_model: Flatten(28×28) → Dense(128, relu) → Dense(10, softmax).</summary>
    public static Sequential GetMnistModel() => new([
        Keras.Input(shape: [28, 28]),
        new Flatten(),
        new Dense(128, activation: "relu"),
        new Dense(10, activation: "softmax"),
    ]);
}
