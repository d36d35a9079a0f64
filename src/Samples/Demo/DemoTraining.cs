using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.KerasStyle.Callbacks;

namespace Samples.Demo;

/// <summary>
/// The training step: Keras's <c>Fit</c> on the 784-float rows with the demo's callbacks, validation on the held-out
/// rows. (The only step that changes when training moves inside the ML.NET pipeline.)
/// </summary>
public static class DemoTraining
{
    /// <summary>Rows per gradient update.</summary>
    public const int BatchSize = 64;

    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/>'s training rows.</summary>
    /// <param name="ml">The ML.NET context of the demo.</param>
    /// <param name="model">The compiled model.</param>
    /// <param name="data">Training and validation rows.</param>
    /// <param name="options">Epochs and verbosity.</param>
    /// <param name="callbacks">EarlyStopping, ModelCheckpoint, TensorBoard.</param>
    public static TrainedDemoModel Train(MLContext ml, Model model, FashionMnistSplits data, DemoOptions options, IEnumerable<Callback> callbacks)
    {
        using var trainX = Features(data.Train);
        using var trainY = Labels(data.Train);
        using var validationX = Features(data.Validation);
        using var validationY = Labels(data.Validation);
        var history = model.Fit(trainX, trainY, batchSize: BatchSize, epochs: options.Epochs, verbose: options.Verbose,
                                callbacks: callbacks, validationData: (validationX, validationY));
        return new TrainedDemoModel(model, history, rows => Score(ml, model, rows), Pipeline: null);
    }

    static Tensor Features(FashionImage[] rows) =>
        torch.tensor(rows.SelectMany(r => r.Features).ToArray(), [rows.Length, DemoModel.Pixels]);

    static Tensor Labels(FashionImage[] rows) => torch.tensor(rows.Select(r => (long)r.Label).ToArray());

    // ML.NET's scored-data layout (Label key, Score vector, PredictedLabel key) from Predict, so that ML.NET's
    // evaluator and the rest of the demo read the same columns a trained pipeline gives.
    static IDataView Score(MLContext ml, Model model, IDataView rows)
    {
        var images = ml.Data.CreateEnumerable<FashionImage>(rows, reuseRowObject: false).ToArray();
        using var x = Features(images);
        using var probabilities = ((Tensor)model.Predict(x, batchSize: 1024, verbose: 0)).contiguous();
        var flat = probabilities.data<float>().ToArray();
        var scored = images.Select((image, i) =>
        {
            var score = flat[(i * DemoModel.Classes)..((i + 1) * DemoModel.Classes)];
            return new ScoredImage { Label = image.Label, Score = score, PredictedLabel = (uint)Array.IndexOf(score, score.Max()) };
        });
        return ml.Data.LoadFromEnumerable(scored);
    }

    sealed class ScoredImage
    {
        [KeyType(DemoModel.Classes)] public uint Label { get; set; }
        [VectorType(DemoModel.Classes)] public float[] Score { get; set; } = [];
        [KeyType(DemoModel.Classes)] public uint PredictedLabel { get; set; }
    }
}
