extern alias MicrosoftML;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.MLNet;
using Microsoft.ML.KerasStyle.Models;
using MicrosoftML::Microsoft.ML;
using KeyTypeAttribute = MicrosoftML::Microsoft.ML.Data.KeyTypeAttribute;
using MLContext = MicrosoftML::Microsoft.ML.MLContext;
using VectorTypeAttribute = MicrosoftML::Microsoft.ML.Data.VectorTypeAttribute;

namespace KerasStyle.DistributedChecks;

/// <summary>
/// The ML.NET trainer on an IDataView (shuffled through ML.NET's pool, each rank reading its own rows of every block of
/// 32) against one process reading every row: rank 0 prints <c>RESULT {json}</c> with the largest weight difference.
/// </summary>
static class MLNetEquivalence
{
    public sealed class Row
    {
        [VectorType(64)]
        public float[] Features { get; set; } = [];

        [KeyType(5)]
        public uint Label { get; set; }
    }

    public static void Run(string directory, Keras.Distribution.DataParallel parallel)
    {
        var distributed = Train(parallel);
        Equivalence.WriteWeights(directory, "mlnet-adam", parallel.ProcessId, distributed);
        if (parallel.ProcessId != 0) return;
        var single = Train(distribution: null);
        var result = new Dictionary<string, object>
        {
            ["case"] = "mlnet-adam",
            ["weights"] = distributed.Length != single.Length ? double.PositiveInfinity : distributed.Zip(single).Max(p => Math.Abs((double)p.First - p.Second)),
            ["weightsScale"] = single.Max(Math.Abs),
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
    }

    static float[] Train(Keras.Distribution.DataParallel? distribution)
    {
        Keras.ClearSession();
        Keras.Distribution.SetDistribution(distribution);
        Keras.Utils.SetRandomSeed(42);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 100).Select(_ => new Row
        {
            Features = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = (uint)random.Next(5),
        }).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = new Sequential([Keras.Input(shape: [64]), new Dense(16, activation: "relu"), new Dense(5, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        ml.MulticlassClassification.Trainers.Keras(model, new KerasTrainerOptions { Epochs = 3, BatchSize = 32, Verbose = 0, Seed = 5 }).Fit(data);
        return model.Weights.SelectMany(w => w.ToArray()).ToArray();
    }
}
