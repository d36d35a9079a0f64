using Microsoft.ML.KerasStyle.Backend;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Distribution;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

// Evaluate and Predict, and turning user data into batches.
public partial class Model
{
    /// <summary>Computes the loss and metrics on data, as Keras's <c>evaluate</c>.</summary>
    /// <param name="x">Inputs: a tensor or .NET array, several in input order, or by input name.</param>
    /// <param name="y">Targets, in output order or by output name.</param>
    /// <param name="batchSize">Samples per batch. Defaults to 32.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line. Defaults to 1.</param>
    /// <param name="sampleWeight">Loss weight per sample. Defaults to none.</param>
    /// <param name="steps">Stop after this many batches. Defaults to all.</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none.</param>
    /// <param name="returnDict">Print the result as a dictionary rather than a list (both views are always available). Defaults to false.</param>
    public EvaluationResult Evaluate(ModelData? x = null, ModelData? y = null, int? batchSize = null, int verbose = 1, ModelData? sampleWeight = null,
                                     int? steps = null, IEnumerable<Callback>? callbacks = null, bool returnDict = false)
    {
        RequireCompiled("Evaluate");
        var batch = CheckBatchSize(batchSize);
        var data = MakeAdapter("Evaluate", x, y, sampleWeight, null, needTargets: true);
        return Evaluate(data.Batched(batch, shuffle: false), verbose, steps, callbacks, returnDict);
    }

    /// <summary>Computes the loss and metrics on a <see cref="Data.Dataset"/> of batches, as Keras's <c>evaluate</c>.</summary>
    /// <param name="x">The batches: <c>(x, y)</c> or <c>(x, y, sampleWeight)</c> elements.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line. Defaults to 1.</param>
    /// <param name="steps">Stop after this many batches (required for an endless dataset). Defaults to one pass.</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none.</param>
    /// <param name="returnDict">Print the result as a dictionary rather than a list. Defaults to false.</param>
    public EvaluationResult Evaluate(Data.Dataset x, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null, bool returnDict = false)
    {
        RequireCompiled("Evaluate");
        var source = DatasetSource(x, "x");
        if (source.IsInfinite && steps is null) throw new ArgumentException("Evaluate received an endless Dataset: pass steps.", nameof(steps));
        return Evaluate(source, verbose, steps, callbacks, returnDict);
    }

    EvaluationResult Evaluate(IBatchSource data, int verbose, int? steps, IEnumerable<Callback>? callbacks, bool returnDict) => RankFailure.Guard("Evaluate", () =>
    {
        // Data-parallel (Distribution/): each process evaluates its part of every batch; the metrics are combined at the end.
        if (Keras.Distribution.Active is not null) (data, steps) = (DataParallelData.ForEvaluation(data, steps), null);
        var list = NewCallbackList(callbacks, verbose, history: null, epochs: 1, steps: steps ?? data.StepsPerEpoch);
        return new EvaluationResult(RunEvaluation("Evaluate", data, list, steps), returnDict);
    });

    /// <summary>Computes the outputs for the inputs in batches, as Keras's <c>predict</c>.</summary>
    /// <param name="x">Inputs: a tensor or .NET array, several in input order, or by input name.</param>
    /// <param name="batchSize">Samples per batch. Defaults to 32.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line. Defaults to 1.</param>
    /// <param name="steps">Stop after this many batches. Defaults to all.</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none.</param>
    /// <returns>The outputs in output order (deconstructible; a single output converts to a Tensor).</returns>
    public Outputs Predict(ModelData x, int? batchSize = null, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null)
    {
        var batch = CheckBatchSize(batchSize);
        return Predict(MakeAdapter("Predict", x, null, null, null, needTargets: false).Batched(batch, shuffle: false), verbose, steps, callbacks);
    }

    /// <summary>Computes the outputs for a <see cref="Data.Dataset"/> of input batches (targets in the elements are ignored).</summary>
    /// <param name="x">The batches.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line. Defaults to 1.</param>
    /// <param name="steps">Stop after this many batches (required for an endless dataset). Defaults to one pass.</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none.</param>
    public Outputs Predict(Data.Dataset x, int verbose = 1, int? steps = null, IEnumerable<Callback>? callbacks = null)
    {
        var source = DatasetSource(x, "x");
        if (source.IsInfinite && steps is null) throw new ArgumentException("Predict received an endless Dataset: pass steps.", nameof(steps));
        return Predict(source, verbose, steps, callbacks);
    }

    Outputs Predict(IBatchSource data, int verbose, int? steps, IEnumerable<Callback>? callbacks) => RankFailure.Guard("Predict", () =>
    {
        // Data-parallel (Distribution/): each process predicts its part of every batch; the parts are gathered at the end.
        var shards = Keras.Distribution.Active is { AutoShardDataset: true } ? new BatchShards(data, training: false, steps) : null;
        if (shards is not null) (data, steps) = (shards, null);
        var list = NewCallbackList(callbacks, verbose, history: null, epochs: 1, steps: steps ?? data.StepsPerEpoch);
        list.OnPredictBegin(new Logs());
        var chunks = new List<Outputs>();
        var step = 0;
        foreach (var b in BatchesInScopes(data.OneEpoch()))
        {
            if (steps is { } limit && step >= limit) break;
            list.OnPredictBatchBegin(step, new Logs());
            var outputs = PredictStep(b);
            var kept = new Outputs();
            for (var i = 0; i < outputs.Count; i++)
            {
                var t = outputs[i].detach().DetachFromDisposeScope();
                if (outputs.Names[i] is { } n) kept[n] = t;
                else kept.Add(t);
            }
            chunks.Add(kept);
            list.OnPredictBatchEnd(step++, new Logs());
        }
        list.OnPredictEnd(new Logs());
        var result = Joined(chunks);
        if (shards is not null) result = PredictionGather.All(result, shards.GlobalBatchSizes);
        return result ?? throw EmptyData.NoBatches("Predict", data.Argument, "predict");
    });

    // The batches' outputs joined along the batch axis (the chunks are disposed), or null when there were none.
    static Outputs? Joined(List<Outputs> chunks)
    {
        if (chunks.Count == 0) return null;
        var result = new Outputs();
        for (var i = 0; i < chunks[0].Count; i++)
        {
            var joined = cat(chunks.Select(c => c[i]).ToList(), 0);
            if (chunks[0].Names[i] is { } n) result[n] = joined;
            else result.Add(joined);
        }
        foreach (var chunk in chunks)
            foreach (var t in chunk) t.Dispose();
        return result;
    }

    ArrayDataAdapter MakeAdapter(string method, ModelData? x, ModelData? y, ModelData? sampleWeight, IReadOnlyDictionary<int, double>? classWeight,
                                 bool needTargets, string argumentPrefix = "")
    {
        if (x is null) throw new ArgumentNullException(argumentPrefix + "x", $"Model '{Name}': no input data ('{argumentPrefix}x') was given.");
        var inputs = IsFunctional
            ? x.Resolve(InputNames, argumentPrefix + "x", "input").Select((t, i) => ((string?)InputNames[i], t)).ToList()
            : Unnamed(x, argumentPrefix + "x");
        var targets = new List<(string?, Tensor)>();
        if (needTargets)
        {
            if (y is null) throw new ArgumentNullException(argumentPrefix + "y", $"Model '{Name}': no targets ('{argumentPrefix}y') were given; Fit and Evaluate need them.");
            targets = IsFunctional
                ? y.Resolve(OutputNames, argumentPrefix + "y", "output").Select((t, i) => ((string?)OutputNames[i], t)).ToList()
                : y.IsNamed
                    ? throw new ArgumentException($"Model '{Name}' is subclassed, so its outputs have no names: give '{argumentPrefix}y' as a list in output order.")
                    : Unnamed(y, argumentPrefix + "y");
        }
        Tensor? weights = null;
        if (sampleWeight is not null) weights = TensorConversions.ToTensor(sampleWeight.Single(), argumentPrefix + "sampleWeight").to(ScalarType.Float32);
        if (classWeight is not null)
        {
            if (targets.Count != 1) throw new ArgumentException($"classWeight is only supported for models with one output; model '{Name}' has {targets.Count}.");
            var fromClasses = ClassWeights(targets[0].Item2, classWeight);
            weights = weights is null ? fromClasses : weights * fromClasses;
        }
        var adapter = new ArrayDataAdapter(inputs, targets, weights);
        if (adapter.Count == 0)
        {
            // The first input's count is the data's (the adapter checked the rest against it): name it as given.
            var first = x.IsNamed ? x[inputs[0].Item1!] : x.First();
            var argument = argumentPrefix + (inputs.Count == 1 ? "x" : x.IsNamed ? $"x[\"{inputs[0].Item1}\"]" : "x[0]");
            throw EmptyData.NoSamples(method, argument, first, EmptyData.Purpose(method, argument));
        }
        return adapter;
    }

    static List<(string?, Tensor)> Unnamed(ModelData data, string argument)
    {
        var names = data.Names;
        return data.Select((v, i) => (names[i], TensorConversions.ToTensor(v, names[i] is { } n ? $"{argument}[\"{n}\"]" : data.Count == 1 ? argument : $"{argument}[{i}]"))).ToList();
    }

    // Keras's class_weight_to_sample_weights: labels (or argmax of one-hot rows) looked up, 1 for classes not listed.
    static Tensor ClassWeights(Tensor y, IReadOnlyDictionary<int, double> classWeight)
    {
        using var scope = NewDisposeScope();
        var labels = y.dim() > 1 ? (y.shape[^1] != 1 ? y.argmax(-1) : y.squeeze(-1)) : y;
        var indices = labels.to(ScalarType.Float64).round().to(ScalarType.Int64).data<long>().ToArray();
        var weights = indices.Select(i => (float)classWeight.GetValueOrDefault((int)i, 1.0)).ToArray();
        return tensor(weights).MoveToOuterDisposeScope();
    }
}
