using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace KerasStyle.DistributedChecks;

/// <summary>Failures that must end the job on every rank rather than leave ranks waiting in an all-reduce.</summary>
static class FailureChecks
{
    /// <summary>Rank 1 throws after its third batch; rank 0 goes on to the next step's all-reduce.</summary>
    public static int RankThrows()
    {
        var parallel = new Keras.Distribution.DataParallel();
        Keras.Distribution.SetDistribution(parallel);
        var model = NewModel();
        Keras.Utils.SetRandomSeed(1);
        model.Fit(rand(128, 4), randint(0, 2, [128]), batchSize: 16, epochs: 2, verbose: 0, callbacks:
            [new LambdaCallback(onTrainBatchEnd: (batch, _) =>
            {
                if (parallel.ProcessId == 1 && batch == 2) throw new InvalidOperationException("simulated failure on rank 1");
            })]);
        Console.WriteLine($"rank {parallel.ProcessId} finished training");
        return 0;
    }

    /// <summary>Each rank makes its own random data (seeded by rank): the ranks would split different batches.</summary>
    public static int DifferentData()
    {
        var parallel = new Keras.Distribution.DataParallel();
        Keras.Distribution.SetDistribution(parallel);
        var model = NewModel();
        Keras.Utils.SetRandomSeed(100 + parallel.ProcessId);
        model.Fit(rand(64, 4), randint(0, 2, [64]), batchSize: 16, epochs: 1, verbose: 0);
        Console.WriteLine($"rank {parallel.ProcessId} finished training");
        return 0;
    }

    static Model NewModel()
    {
        Keras.Utils.SetRandomSeed(1);
        var model = new Sequential([Keras.Input(shape: [4]), new Dense(2, activation: "softmax")]);
        model.Compile(optimizer: "sgd", loss: "sparse_categorical_crossentropy");
        return model;
    }
}
