using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Listings;

/// <summary>7-3-2: EarlyStopping on val_accuracy and ModelCheckpoint of the best val_loss, then loading the best model.</summary>
public sealed class EarlyStoppingAndCheckpoint : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-3-2";

    /// <inheritdoc/>
    public override string Title => "Callbacks: EarlyStopping and ModelCheckpoint, then LoadModel";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        Callback[] callbackList =
        [
            new EarlyStopping(monitor: "val_accuracy", patience: 2),
            new ModelCheckpoint(filepath: "my_model.keras", monitor: "val_loss", saveBestOnly: true),
        ];
        var model = MnistData.GetMnistModel();
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        model.Fit(data.TrainImages, data.TrainLabels, epochs: settings.Epochs(10), callbacks: callbackList,
                  validationData: (data.ValImages, data.ValLabels), verbose: settings.Verbose);
        var testMetrics = model.Evaluate(data.TestImages, data.TestLabels, verbose: settings.Verbose);
        output.WriteLine($"Test metrics: {testMetrics}");

        var best = Keras.Models.LoadModel("my_model.keras");
        var bestMetrics = best.Evaluate(data.TestImages, data.TestLabels, verbose: 0);
        output.WriteLine($"Best checkpoint (lowest val_loss) test metrics: {bestMetrics}");
    }
}
