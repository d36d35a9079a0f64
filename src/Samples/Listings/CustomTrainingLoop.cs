using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;

namespace Samples.Listings;

/// <summary>7-4-3 and 7-4-4: a complete custom training loop with GradientTape, and a custom evaluation loop.</summary>
public sealed class CustomTrainingLoop : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-4-3";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AlsoCovers => ["7-4-4"];

    /// <inheritdoc/>
    public override string Title => "A complete custom training loop: GradientTape, ApplyGradients, metrics, Dataset";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        var model = MnistData.GetMnistModel();
        var lossFn = new Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy();
        var optimizer = new RMSprop();
        Metric[] metrics = [new SparseCategoricalAccuracy()];
        var lossTrackingMetric = new Mean(name: "loss");

        Logs TrainStep(Tensor inputs, Tensor targets)
        {
            using var tape = new GradientTape();
            var predictions = model.Apply(inputs, training: true);
            var loss = lossFn.Call(targets, predictions);
            var gradients = tape.Gradient(loss, model.TrainableWeights);
            optimizer.ApplyGradients(gradients, model.TrainableWeights);
            var logs = new Logs();
            foreach (var m in metrics)
            {
                m.UpdateState(targets, predictions);
                logs[m.Name] = m.Result();
            }
            lossTrackingMetric.UpdateState(loss);
            logs["loss"] = lossTrackingMetric.Result();
            return logs;
        }

        void ResetMetrics()
        {
            foreach (var m in metrics) m.ResetState();
            lossTrackingMetric.ResetState();
        }

        // Each step's tensors are released when the loop moves on (the Dataset's per-element scope).
        var trainingDataset = Dataset.FromTensorSlices(data.TrainImages, data.TrainLabels).Shuffle(bufferSize: 10_000, seed: 1).Batch(32);
        var epochs = settings.Epochs(3);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            ResetMetrics();
            var logs = new Logs();
            foreach (var (step, (inputsBatch, targetsBatch)) in trainingDataset.Index())
                logs = TrainStep(inputsBatch, targetsBatch);
            output.WriteLine($"Results at the end of epoch {epoch}");
            foreach (var (key, value) in logs) output.WriteLine($"...{key}: {value:F4}");
        }

        // 7-4-4: the evaluation loop, in inference mode.
        Logs TestStep(Tensor inputs, Tensor targets)
        {
            using var noGradient = no_grad();
            var predictions = model.Apply(inputs, training: false);
            var loss = lossFn.Call(targets, predictions);
            var logs = new Logs();
            foreach (var m in metrics)
            {
                m.UpdateState(targets, predictions);
                logs["val_" + m.Name] = m.Result();
            }
            lossTrackingMetric.UpdateState(loss);
            logs["val_loss"] = lossTrackingMetric.Result();
            return logs;
        }

        ResetMetrics();
        var valLogs = new Logs();
        foreach (var (inputsBatch, targetsBatch) in Dataset.FromTensorSlices(data.ValImages, data.ValLabels).Batch(32))
            valLogs = TestStep(inputsBatch, targetsBatch);
        output.WriteLine("Evaluation results:");
        foreach (var (key, value) in valLogs) output.WriteLine($"...{key}: {value:F4}");
    }
}
