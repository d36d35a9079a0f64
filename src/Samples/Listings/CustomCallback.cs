using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Utils;

namespace Samples.Listings;

/// <summary>7-3-3: a custom callback that records every batch's loss and draws it at the end of training.</summary>
public sealed class CustomCallback : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-3-3";

    /// <inheritdoc/>
    public override string Title => "A custom callback: per-batch losses plotted to batch_loss_final_epoch.png";

    /// <summary>The seed's LossHistory.</summary>
    public sealed class LossHistory : Callback
    {
        List<double> perBatchLosses = [];

        /// <summary>Where the chart was written, after training.</summary>
        public string? ChartPath { get; private set; }

        /// <summary>The losses of the last run (kept for inspection after the chart is drawn).</summary>
        public IReadOnlyList<double> LastRunLosses { get; private set; } = [];

        /// <inheritdoc/>
        public override void OnTrainBegin(Logs logs) => perBatchLosses = [];

        /// <inheritdoc/>
        public override void OnBatchEnd(int batch, Logs logs) => perBatchLosses.Add(logs["loss"]);

        /// <inheritdoc/>
        public override void OnTrainEnd(Logs logs)
        {
            ChartPath = LineChart.Save(perBatchLosses, "batch_loss_final_epoch.png", title: "Training Loss for Each Batch",
                                       xLabel: "Batch (final epoch)", yLabel: "Loss");
            LastRunLosses = perBatchLosses;
            perBatchLosses = [];
        }
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        // The seed trains on noisy images and validates on brightened ones.
        const float noiseFactor = 0.3f;
        var trainImagesNoisy = (data.TrainImages + noiseFactor * randn_like(data.TrainImages)).clamp(0f, 1f);
        var valImagesBright = (data.ValImages + 0.5f).clamp(0f, 1f);

        var model = MnistData.GetMnistModel();
        model.Compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var historyCallback = new LossHistory();
        model.Fit(trainImagesNoisy, data.TrainLabels, epochs: settings.Epochs(10), callbacks: [historyCallback],
                  validationData: (valImagesBright, data.ValLabels), verbose: settings.Verbose);
        output.WriteLine($"{historyCallback.LastRunLosses.Count} batch losses plotted to {historyCallback.ChartPath}");
    }
}
