using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Metrics;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace KerasStyle.Benchmarks;

/// <summary>
/// The model every training-speed row trains: an MLP 784-128-10 (relu, softmax), RMSprop with Keras's formula, sparse
/// categorical crossentropy, accuracy. Built from seed 7, so every variant starts from the same weights.
/// </summary>
internal static class TrainingModel
{
    public const int Samples = 16_000, Features = 784, Hidden = 128, Classes = 10;

    /// <summary>A model whose TrainStep is overridden as in the seed's 7-4-5 listing (same work as the built-in one).</summary>
    public sealed class OverriddenModel(KerasTensor inputs, KerasTensor outputs) : Model(inputs, outputs)
    {
        public override Logs TrainStep(Batch data)
        {
            var (x, y) = data;
            using var tape = new GradientTape();
            var predictions = Apply(x, training: true);
            var loss = ComputeLoss(y, predictions);
            Optimizer!.ApplyGradients(tape.Gradient(loss, TrainableWeights), TrainableWeights);
            ((Mean)Metrics[0]).UpdateState(loss);
            CompiledMetrics!.UpdateState(y, predictions);
            return Metrics.ToLogs();
        }
    }

    public static Model New(bool overridden = false)
    {
        manual_seed(7);
        var inputs = Keras.Input(shape: [Features]);
        var outputs = new Dense(Classes, activation: "softmax").Apply(new Dense(Hidden, activation: "relu").Apply(inputs));
        return overridden ? new OverriddenModel(inputs, outputs) : new Model(inputs, outputs);
    }

    public static Model Compiled(bool overridden = false)
    {
        var model = New(overridden);
        model.Compile(optimizer: new RMSprop(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    /// <summary>A random data set of <see cref="Samples"/> rows (the same for every variant).</summary>
    public static (Tensor X, Tensor Y) Data()
    {
        manual_seed(1);
        return (rand(Samples, Features), randint(0, Classes, [Samples]));
    }
}
