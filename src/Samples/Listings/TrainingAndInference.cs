using Microsoft.ML.KerasStyle.Metrics;

namespace Samples.Listings;

/// <summary>7-4-1 and 7-4-2: training vs inference mode, trainable vs non-trainable weights, low-level metrics.</summary>
public sealed class TrainingAndInference : Listing
{
    /// <inheritdoc/>
    public override string Id => "7-4-1";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AlsoCovers => ["7-4-2"];

    /// <inheritdoc/>
    public override string Title => "Training vs inference (Dropout, BatchNormalization) and low-level metrics";

    /// <inheritdoc/>
    public override void Run(TextWriter output, ListingSettings settings)
    {
        Keras.ClearSession();
        var dropout = new Dropout(0.5);
        var x = ones(2, 6);
        output.WriteLine($"Dropout(0.5), training: true:  [{string.Join(", ", dropout.Apply(x, training: true)[0].data<float>().ToArray())}]");
        output.WriteLine($"Dropout(0.5), training: false: [{string.Join(", ", dropout.Apply(x, training: false)[0].data<float>().ToArray())}]");

        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4), new BatchNormalization(), new Dense(1)]);
        output.WriteLine("trainable weights:     " + string.Join(", ", model.TrainableWeights.Select(w => w.Path)));
        output.WriteLine("non-trainable weights: " + string.Join(", ", model.NonTrainableWeights.Select(w => w.Path)));

        // Low-level use of metrics: UpdateState, Result, ResetState.
        var metric = new SparseCategoricalAccuracy();
        int[] targets = [0, 1, 2];
        float[][] predictions = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        metric.UpdateState(targets, predictions);
        output.WriteLine($"current_result:{metric.Result():F2}");

        var meanTracker = new Mean();
        foreach (var value in new[] { 0, 1, 2, 3, 4 }) meanTracker.UpdateState(value);
        output.WriteLine($"Mean of values: {meanTracker.Result():F2}");
        metric.ResetState();
        output.WriteLine($"after ResetState: {metric.Result():F2}");
    }
}
