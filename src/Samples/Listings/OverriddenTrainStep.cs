using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Optimizers;

namespace Samples.Listings;

/// <summary>7-4-5: a model that overrides TrainStep and keeps everything Fit offers (progress bar, callbacks, validation).</summary>
public sealed class OverriddenTrainStep : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-4-5";

    /// <inheritdoc/>
    public override string Title => "Overriding TrainStep inside Fit";

    /// <summary>The seed's CustomModel: the compiled loss, optimizer and metrics, used by hand.</summary>
    public sealed class CustomModel(KerasTensor inputs, KerasTensor outputs) : Model(inputs, outputs)
    {
        /// <inheritdoc/>
        public override Logs TrainStep(Batch data)
        {
            var (inputs, targets) = data;
            using var tape = new GradientTape();
            var predictions = Apply(inputs, training: true);
            var loss = ComputeLoss(targets, predictions);
            var gradients = tape.Gradient(loss, TrainableWeights);
            Optimizer!.ApplyGradients(gradients, TrainableWeights);
            ((Mean)Metrics[0]).UpdateState(loss);   // Metrics[0] is the loss tracker, shown as "loss"
            CompiledMetrics!.UpdateState(targets, predictions);
            return Metrics.ToLogs();
        }
    }

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var data = MnistData.Load(output, settings);
        var inputs = Keras.Input(shape: [28 * 28]);
        var features = new Dense(512, activation: "relu").Apply(inputs);
        features = new Dropout(0.5).Apply(features);
        var outputs = new Dense(10, activation: "softmax").Apply(features);
        var model = new CustomModel(inputs, outputs);
        model.Compile(optimizer: new RMSprop(), loss: new Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy(), metrics: [new SparseCategoricalAccuracy()]);
        var flat = (Tensor images) => images.reshape(-1, 28 * 28);
        model.Fit(flat(data.TrainImages), data.TrainLabels, epochs: settings.Epochs(3), validationData: (flat(data.ValImages), data.ValLabels),
                  verbose: settings.Verbose);
        output.WriteLine($"MetricsNames: [{string.Join(", ", model.MetricsNames.Select(n => $"'{n}'"))}]");
    }
}
