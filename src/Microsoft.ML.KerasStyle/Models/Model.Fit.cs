using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Distribution;
using Microsoft.ML.KerasStyle.Training;
using static TorchSharp.torch;

namespace Microsoft.ML.KerasStyle.Models;

// Fit: Keras's training loop over in-memory data. Each step runs in its own dispose scope, so no tensor outlives it.
public partial class Model
{
    /// <summary>
    /// Trains the model for <paramref name="epochs"/> epochs, as Keras's <c>fit</c>.
    /// </summary>
    /// <param name="x">Inputs: a tensor or .NET array, several in input order, or by input name.</param>
    /// <param name="y">Targets: likewise, in output order or by output name.</param>
    /// <param name="batchSize">Samples per gradient update. Defaults to 32.</param>
    /// <param name="epochs">Number of epochs to train (counting from <paramref name="initialEpoch"/>). Defaults to 1.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar (redrawn in place on a terminal; printed as lines, at most every 0.05 s, when output is redirected), 2 = one line per epoch. Defaults to 1 (Keras's "auto").</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none (History and the progress bar are always added).</param>
    /// <param name="validationSplit">Fraction of the data, taken from the end before shuffling, to validate on. Defaults to 0.</param>
    /// <param name="validationData">Data to validate on at the end of each epoch (takes precedence over <paramref name="validationSplit"/>). Defaults to none.</param>
    /// <param name="shuffle">Shuffle the training data before each epoch. Defaults to true.</param>
    /// <param name="classWeight">Loss weight per class index (single-output models). Defaults to none.</param>
    /// <param name="sampleWeight">Loss weight per sample. Defaults to none.</param>
    /// <param name="initialEpoch">Epoch to start from (to resume training). Defaults to 0.</param>
    /// <param name="stepsPerEpoch">Batches per epoch; the data is continued across epochs. Defaults to all batches.</param>
    /// <param name="validationFreq">Validate every this many epochs. Defaults to 1.</param>
    /// <returns>The <see cref="Callbacks.History"/> of the run (also kept in <see cref="History"/>).</returns>
    public History Fit(ModelData? x = null, ModelData? y = null, int? batchSize = null, int epochs = 1, int verbose = 1,
                       IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (ModelData X, ModelData Y)? validationData = null,
                       bool shuffle = true, IReadOnlyDictionary<int, double>? classWeight = null, ModelData? sampleWeight = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int validationFreq = 1)
    {
        RequireCompiled("Fit");
        var batch = CheckBatchSize(batchSize);
        if (validationSplit is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validationSplit), $"validationSplit must be in [0, 1), received {validationSplit}.");

        var data = MakeAdapter("Fit", x, y, sampleWeight, classWeight, needTargets: true);
        ArrayDataAdapter? validation = null;
        if (validationData is { } v) validation = MakeAdapter("Fit", v.X, v.Y, null, null, needTargets: true, argumentPrefix: "validationData.");
        else if (validationSplit > 0) (data, validation) = data.Split(validationSplit);
        return RankFailure.Guard("Fit", () => RunFit(data.Batched(batch, shuffle), validation?.Batched(batch, shuffle: false, "validationData"), epochs, verbose, callbacks,
                                                     initialEpoch, stepsPerEpoch, validationFreq));
    }

    /// <summary>
    /// Trains the model on a <see cref="Data.Dataset"/> of batches (<c>(x, y)</c> or <c>(x, y, sampleWeight)</c> elements), as
    /// Keras's <c>fit</c> on a tf.data dataset: the dataset decides batching and shuffling.
    /// </summary>
    /// <param name="x">The training batches.</param>
    /// <param name="epochs">Number of epochs to train (counting from <paramref name="initialEpoch"/>). Defaults to 1.</param>
    /// <param name="verbose">0 = silent, 1 = progress bar, 2 = one line per epoch. Defaults to 1.</param>
    /// <param name="callbacks">Callbacks to run. Defaults to none (History and the progress bar are always added).</param>
    /// <param name="validationData">Batches to validate on at the end of each epoch. Defaults to none.</param>
    /// <param name="initialEpoch">Epoch to start from. Defaults to 0.</param>
    /// <param name="stepsPerEpoch">Batches per epoch, the dataset continuing across epochs (required for an endless dataset). Defaults to one pass.</param>
    /// <param name="validationFreq">Validate every this many epochs. Defaults to 1.</param>
    public History Fit(Data.Dataset x, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null, Data.Dataset? validationData = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int validationFreq = 1)
    {
        RequireCompiled("Fit");
        var train = DatasetSource(x, "x");
        if (train.IsInfinite && stepsPerEpoch is null)
            throw new ArgumentException("Fit received an endless Dataset (Repeat() without a count): pass stepsPerEpoch.", nameof(stepsPerEpoch));
        var validation = validationData is null ? null : DatasetSource(validationData, "validationData");
        if (validation is { IsInfinite: true })
            throw new ArgumentException("validationData is an endless Dataset; give it a count (Take or Repeat(n)).", nameof(validationData));
        // Known to be empty (Take(0), no rows): fail before any callback runs; otherwise the first empty pass fails.
        if (train.StepsPerEpoch == 0) throw EmptyData.NoBatches("Fit", "x", "train on");
        if (validation is { StepsPerEpoch: 0 }) throw EmptyData.NoBatches("Fit", "validationData", "validate on");
        return RankFailure.Guard("Fit", () => RunFit(train, validation, epochs, verbose, callbacks, initialEpoch, stepsPerEpoch, validationFreq));
    }

    DatasetBatchSource DatasetSource(Data.Dataset dataset, string argument) => new(dataset ?? throw new ArgumentNullException(argument),
        IsFunctional ? InputNames : null, IsFunctional ? OutputNames : null, argument);

    History RunFit(IBatchSource data, IBatchSource? validation, int epochs, int verbose, IEnumerable<Callback>? callbacks,
                   int initialEpoch, int? stepsPerEpoch, int validationFreq)
    {
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"epochs must be ≥ 0, received {epochs}.");
        if (validationFreq < 1) throw new ArgumentOutOfRangeException(nameof(validationFreq), $"validationFreq must be ≥ 1, received {validationFreq}.");
        if (stepsPerEpoch is < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), $"stepsPerEpoch must be ≥ 1, received {stepsPerEpoch}.");
        // Data-parallel (Distribution/): each process trains on its share of every batch.
        var parallel = Keras.Distribution.Active is not null;
        var globalStepLogs = parallel && GlobalMetrics.NeededEachStep(verbose, callbacks);
        if (parallel) (data, validation) = (DataParallelData.ForTraining(data), validation is null ? null : DataParallelData.ForEvaluation(validation));
        var steps = stepsPerEpoch ?? data.StepsPerEpoch;
        var history = new History();
        var list = NewCallbackList(callbacks, verbose, history, epochs, steps);
        StopTraining = false;
        list.OnTrainBegin(new Logs());
        // A callback that restored a backup (BackupAndRestore) says where training resumes (Keras's model._initial_epoch).
        if (InitialEpochOverride is { } resumed)
        {
            initialEpoch = resumed;
            InitialEpochOverride = null;
        }
        if (parallel) initialEpoch = ReplicaSync.FromRankZero(this, data, initialEpoch);
        var epochLogs = new Logs();
        // With stepsPerEpoch the data continues across epochs (one pass after another); without, each epoch is one pass.
        using (var continuing = stepsPerEpoch is null ? null : Endless(data).GetEnumerator())
        {
            for (var epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
            {
                ResetMetrics();
                list.OnEpochBegin(epoch, new Logs());
                var logs = new Logs();
                using (var batches = continuing is null ? data.OneEpoch().GetEnumerator() : null)
                {
                    var source = continuing ?? batches!;
                    for (var step = 0; stepsPerEpoch is null || step < stepsPerEpoch; step++)
                    {
                        using (NewDisposeScope())
                        {
                            if (!source.MoveNext())
                            {
                                if (step == 0) throw EmptyData.NoBatches("Fit", data.Argument, "train on");
                                break;
                            }
                            list.OnTrainBatchBegin(step, new Logs());
                            logs = TrainStep(source.Current)
                                ?? throw new InvalidOperationException($"{GetType().Name}.TrainStep returned no logs: return a Logs dictionary (e.g. GetMetricsResult()).");
                            if (globalStepLogs) logs = GlobalMetrics.OfStep(this, logs);
                        }
                        list.OnTrainBatchEnd(step, logs);
                        if (parallel) StopTraining = Mpi.AnyRank(StopTraining);
                        if (StopTraining) break;
                    }
                }
                if (parallel && !globalStepLogs) logs = GlobalMetrics.OfStep(this, logs);
                epochLogs = new Logs(logs);
                if (validation is not null && (epoch + 1) % validationFreq == 0)
                    foreach (var (name, value) in RunEvaluation("Fit", validation, list, steps: null))
                        epochLogs["val_" + name] = value;
                list.OnEpochEnd(epoch, epochLogs);
                if (parallel) StopTraining = Mpi.AnyRank(StopTraining);
            }
        }
        list.OnTrainEnd(epochLogs);
        History = history;
        return history;
    }

    static IEnumerable<Batch> Endless(IBatchSource data)
    {
        while (true)
        {
            var any = false;
            foreach (var batch in data.OneEpoch())
            {
                any = true;
                yield return batch;
            }
            if (!any) throw EmptyData.NoBatches("Fit", data.Argument, "train on");
        }
    }

    static int CheckBatchSize(int? batchSize) => batchSize switch
    {
        null => 32,
        > 0 => batchSize.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize must be ≥ 1, received {batchSize}."),
    };

    CallbackList NewCallbackList(IEnumerable<Callback>? callbacks, int verbose, History? history, int epochs, int? steps)
    {
        if (verbose is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(verbose), $"verbose must be 0, 1 or 2, received {verbose}.");
        var all = new List<Callback>();
        var user = callbacks?.ToList() ?? [];
        if (verbose != 0 && !user.Any(c => c is ProgbarLogger)) all.Add(new ProgbarLogger());
        all.AddRange(user);
        if (history is not null) all.Add(history);
        all = RankZeroCallbacks.ForThisProcess(all);
        return new CallbackList(all, this, new Dictionary<string, object?> { ["verbose"] = verbose, ["epochs"] = epochs, ["steps"] = steps });
    }

    Logs RunEvaluation(string method, IBatchSource data, CallbackList list, int? steps)
    {
        ResetMetrics();
        list.OnTestBegin(new Logs());
        var logs = new Logs();
        var step = 0;
        foreach (var batch in BatchesInScopes(data.OneEpoch()))
        {
            if (steps is { } limit && step >= limit) break;
            list.OnTestBatchBegin(step, new Logs());
            logs = TestStep(batch) ?? throw new InvalidOperationException($"{GetType().Name}.TestStep returned no logs.");
            list.OnTestBatchEnd(step++, logs);
        }
        if (step == 0 && steps is not 0) throw EmptyData.NoBatches(method, data.Argument, EmptyData.Purpose(method, data.Argument));
        if (Keras.Distribution.Active is not null) logs = GlobalMetrics.OfEvaluation(this, logs);
        list.OnTestEnd(logs);
        return logs;
    }

    // Runs the loop body of each batch inside its own dispose scope (the scope ends when the next batch is requested).
    static IEnumerable<Batch> BatchesInScopes(IEnumerable<Batch> batches)
    {
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext()) yield break;
            yield return enumerator.Current;
        }
    }
}
