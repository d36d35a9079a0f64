using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Listings;

/// <summary>7-3-4: TensorBoard event files (train/ and validation/ runs, epoch scalars, weight histograms).</summary>
public sealed class TensorBoardLogging : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-3-4";

    /// <inheritdoc/>
    public override string Title => "TensorBoard: event files for tensorboard --logdir logs/fit";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        var model = MnistData.GetMnistModel();
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var logDir = "logs/fit/" + DateTime.Now.ToString("yyyyMMdd-HHmmss");
        model.Fit(data.TrainImages, data.TrainLabels, epochs: settings.Epochs(5), validationData: (data.ValImages, data.ValLabels),
                  callbacks: [new TensorBoard(logDir: logDir, histogramFreq: 1)], verbose: settings.Verbose);
        output.WriteLine($"TensorBoard logs in {Path.GetFullPath(logDir)}; view them with: tensorboard --logdir logs/fit");
    }
}
