using Microsoft.ML;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.Transforms;

namespace Samples.Demo;

/// <summary>
/// The training step, inside an ML.NET pipeline: the class index becomes a key label (MapValueToKey, keys in class
/// order), the Keras trainer fits the model on the 784-float <c>Features</c> column with the demo's callbacks and the
/// held-out validation rows, and the predicted key is mapped back to its class index in <c>PredictedClass</c>.
/// </summary>
public static class DemoTraining
{
    /// <summary>Rows per gradient update.</summary>
    public const int BatchSize = 64;

    /// <summary>The column holding the predicted class index (0 to 9) after the pipeline.</summary>
    public const string PredictedClassColumn = "PredictedClass";

    /// <summary>Fits the pipeline on <paramref name="data"/>'s training rows.</summary>
    /// <param name="ml">The demo's ML.NET context.</param>
    /// <param name="model">The compiled Keras model.</param>
    /// <param name="data">Training and validation rows.</param>
    /// <param name="options">Epochs and verbosity.</param>
    /// <param name="callbacks">EarlyStopping, ModelCheckpoint, TensorBoard.</param>
    public static TrainedDemoModel Train(MLContext ml, Model model, FashionMnistSplits data, DemoOptions options, IEnumerable<Callback> callbacks)
    {
        var train = ml.Data.LoadFromEnumerable(data.Train);
        var labelToKey = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        // The trainer validates on rows shaped as it sees the training rows: with the key label.
        var validation = labelToKey.Fit(train).Transform(ml.Data.LoadFromEnumerable(data.Validation));
        var trainer = ml.MulticlassClassification.Trainers.Keras(model, new KerasTrainerOptions
        {
            Epochs = options.Epochs,
            BatchSize = BatchSize,
            ValidationData = validation,
            Callbacks = callbacks,
            Verbose = options.Verbose,
        });
        var pipeline = labelToKey
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue(PredictedClassColumn, "PredictedLabel"));
        var fitted = pipeline.Fit(train);
        var keras = fitted.OfType<KerasTransformer>().Single();
        return new TrainedDemoModel(fitted, keras.Model, keras.History);
    }
}
