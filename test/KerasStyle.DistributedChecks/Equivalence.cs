using System.Globalization;
using System.Text.Json;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Data;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using Microsoft.ML.KerasStyle.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasStyle.DistributedChecks;

/// <summary>
/// Trains each case twice from the same seed: with DataParallel on every rank (global batch 32, so 16 per rank on two
/// ranks), then on rank 0 alone without a distribution (batch 32, the same samples in the same order). Rank 0 prints one
/// <c>RESULT {json}</c> line per case: the largest differences of the final weights, the epoch logs, Evaluate and
/// Predict. Every rank writes its final weights to <c>DIR/{case}.rank{r}.weights</c> (float32), for the test to check
/// that the replicas are identical.
/// </summary>
static class Equivalence
{
    const int Samples = 100;   // batches of 32, 32, 32 and 4: the last one splits 2 + 2
    const int Epochs = 3;

    public static int Run(string directory)
    {
        var parallel = new Keras.Distribution.DataParallel();
        foreach (var (name, model, optimizer, data) in Cases())
        {
            var distributed = Train(model, optimizer, data, parallel);
            WriteWeights(directory, name, parallel.ProcessId, distributed.Weights);
            if (parallel.ProcessId != 0) continue;
            var single = Train(model, optimizer, data, distribution: null);
            Report(name, distributed, single);
        }
        MLNetEquivalence.Run(directory, parallel);
        return 0;
    }

    /// <summary>Writes a rank's final weights (raw float32) for the test to compare the replicas.</summary>
    public static void WriteWeights(string directory, string name, int rank, float[] weights) =>
        File.WriteAllBytes(Path.Combine(directory, $"{name}.rank{rank}.weights"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()).ToArray());

    record Outcome(float[] Weights, Dictionary<string, List<double>> History, Dictionary<string, double> Evaluation, float[] Predictions);

    static IEnumerable<(string, Func<Model>, Func<Optimizer>, string)> Cases()
    {
        foreach (var (optimizerName, optimizer) in new (string, Func<Optimizer>)[] { ("sgd", () => new SGD(learningRate: 0.1)), ("adam", () => new Adam(learningRate: 0.01)) })
        {
            yield return ($"mlp-{optimizerName}", Mlp, optimizer, "arrays");
            yield return ($"convnet-{optimizerName}", Convnet, optimizer, "arrays");
        }
        yield return ("mlp-sgd-sample-weights", Mlp, () => new SGD(learningRate: 0.1), "weighted");
        yield return ("mlp-adam-dataset", Mlp, () => new Adam(learningRate: 0.01), "dataset");
    }

    static Model Mlp() => new Sequential([Keras.Input(shape: [8, 8, 1]), new Flatten(), new Dense(16, activation: "relu"), new Dense(5, activation: "softmax")]);

    static Model Convnet() => new Sequential([Keras.Input(shape: [8, 8, 1]), new Conv2D(4, 3, activation: "relu"), new MaxPooling2D(2),
                                              new Flatten(), new Dense(5, activation: "softmax")]);

    // Same seed, same data, same initial weights, same shuffled order (rank 0 draws it) in both runs.
    static Outcome Train(Func<Model> makeModel, Func<Optimizer> makeOptimizer, string data, Keras.Distribution.DataParallel? distribution)
    {
        Keras.ClearSession();
        Keras.Distribution.SetDistribution(distribution);
        Keras.Utils.SetRandomSeed(42);
        var x = rand(Samples, 8, 8, 1);
        var y = randint(0, 5, [Samples]);
        var weights = rand(Samples) * 2;
        var model = makeModel();
        model.Compile(optimizer: makeOptimizer(), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        var history = data switch
        {
            "weighted" => model.Fit(x, y, batchSize: 32, epochs: Epochs, verbose: 0, sampleWeight: weights),
            "dataset" => model.Fit(Dataset.FromTensorSlices(x, y).Shuffle(Samples, seed: 7).Batch(32), epochs: Epochs, verbose: 0),
            _ => model.Fit(x, y, batchSize: 32, epochs: Epochs, verbose: 0),
        };
        var evaluation = new Dictionary<string, double>(model.Evaluate(x, y, batchSize: 32, verbose: 0).AsDictionary());
        var predictions = ((Tensor)model.Predict(x, batchSize: 32, verbose: 0)).data<float>().ToArray();
        var flat = model.Weights.SelectMany(w => w.ToArray()).ToArray();
        return new Outcome(flat, history.Values, evaluation, predictions);
    }

    static void Report(string name, Outcome distributed, Outcome single)
    {
        var result = new Dictionary<string, object>
        {
            ["case"] = name,
            ["weights"] = MaxDifference(distributed.Weights, single.Weights),
            ["weightsScale"] = single.Weights.Max(Math.Abs),
            ["history"] = distributed.History.Keys.Max(k => MaxDifference(distributed.History[k], single.History[k])),
            ["evaluate"] = distributed.Evaluation.Keys.Max(k => Math.Abs(distributed.Evaluation[k] - single.Evaluation[k])),
            ["predict"] = MaxDifference(distributed.Predictions, single.Predictions),
            ["predictRows"] = distributed.Predictions.Length,
            ["loss"] = string.Join(" ", distributed.History["loss"].Select(v => v.ToString("G6", CultureInfo.InvariantCulture))),
        };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
    }

    static double MaxDifference(IReadOnlyList<float> a, IReadOnlyList<float> b) =>
        a.Count != b.Count ? double.PositiveInfinity : a.Zip(b).Max(p => Math.Abs((double)p.First - p.Second));

    static double MaxDifference(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Count != b.Count ? double.PositiveInfinity : a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
