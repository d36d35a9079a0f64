namespace Samples.Demo;

/// <summary>
/// Fashion-MNIST as the demo uses it: pixels / 255 as 784-float rows; the last training images (5,000 by default) held
/// out for validation (as Keras's <c>validation_split</c> takes the last rows); the test set for the final evaluation.
/// </summary>
/// <param name="Train">The training rows.</param>
/// <param name="Validation">The held-out rows that EarlyStopping and ModelCheckpoint watch.</param>
/// <param name="Test">The test rows.</param>
public sealed record FashionMnistSplits(FashionImage[] Train, FashionImage[] Validation, FashionImage[] Test)
{
    /// <summary>What the demo adds to the loader's message (where it looked, how to get the files) when Fashion-MNIST is missing.</summary>
    public const string HowToGetTheData =
        "For the demo: sudo apt-get install dataset-fashion-mnist (./build/run-demo.sh installs it when run as root), " +
        "or pass the folder holding the four files with --data DIR.";

    /// <summary>Loads the splits, capped by the options' image counts.</summary>
    /// <param name="options">Where the data is (<see cref="DemoOptions.DataDirectory"/>) and how many images to use.</param>
    /// <exception cref="MissingDatasetException">Fashion-MNIST is not where it was looked for.</exception>
    public static FashionMnistSplits Load(DemoOptions options)
    {
        ((Tensor, Tensor), (Tensor, Tensor)) splits;
        try
        {
            splits = Keras.Datasets.FashionMnist.LoadData(options.DataDirectory);
        }
        catch (FileNotFoundException missing)
        {
            throw new MissingDatasetException(missing.Message + Environment.NewLine + Environment.NewLine + HowToGetTheData, missing);
        }
        var ((trainImages, trainLabels), (testImages, testLabels)) = splits;
        using (trainImages)
        using (trainLabels)
        using (testImages)
        using (testLabels)
        {
            var all = Rows(trainImages, trainLabels);
            var trainCount = Math.Min(all.Length - options.ValidationImages, options.TrainImages ?? int.MaxValue);
            var test = Rows(testImages, testLabels);
            return new(all[..trainCount], all[^options.ValidationImages..], test[..Math.Min(test.Length, options.TestImages ?? int.MaxValue)]);
        }
    }

    static FashionImage[] Rows(Tensor images, Tensor labels)
    {
        var pixels = images.data<byte>().ToArray();
        var classes = labels.data<long>().ToArray();
        var rows = new FashionImage[classes.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var features = new float[DemoModel.Pixels];
            for (var p = 0; p < features.Length; p++) features[p] = pixels[i * DemoModel.Pixels + p] / 255f;
            rows[i] = new FashionImage { Features = features, Label = (uint)classes[i] };
        }
        return rows;
    }
}
