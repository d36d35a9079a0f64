using System.Globalization;
using Microsoft.ML.KerasStyle;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Layers;
using Microsoft.ML.KerasStyle.Models;
using static TorchSharp.torch;

namespace KerasStyle.DistributedChecks;

/// <summary>
/// Callbacks in a data-parallel Fit. Every rank prints tagged lines for the test to compare: the logs its callbacks
/// received (<c>LOGS</c>), how many epochs EarlyStopping and a stop on rank 1 alone let run (<c>EARLYSTOP</c>,
/// <c>ONESIDED</c>), the epochs run after BackupAndRestore resumed (<c>BACKUP</c>); the weights after the resumed Fit go
/// to <c>DIR/backup.rank{r}.weights</c>. The files of ModelCheckpoint, CSVLogger and TensorBoard are named after the
/// rank, so the test can see that only rank 0's exist.
/// </summary>
static class CallbackChecks
{
    public static int Run(string directory)
    {
        var parallel = new Keras.Distribution.DataParallel();
        Keras.Distribution.SetDistribution(parallel);
        var rank = parallel.ProcessId;
        var (x, y) = Data();

        var model = NewModel();
        model.Fit(x, y, batchSize: 32, epochs: 2, verbose: 2, callbacks:
        [
            new ModelCheckpoint(Path.Combine(directory, $"rank{rank}.weights.h5"), monitor: "loss", saveWeightsOnly: true),
            new CSVLogger(Path.Combine(directory, $"rank{rank}.csv")),
            new TensorBoard(Path.Combine(directory, $"tb-rank{rank}")),
            new LambdaCallback(onEpochEnd: (epoch, logs) => Console.WriteLine(
                $"LOGS rank={rank} epoch={epoch} " + string.Join(" ", logs.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value.ToString("R", CultureInfo.InvariantCulture)}")))),
        ], validationSplit: 0.2);

        // Loss improves by less than 10 per epoch: EarlyStopping stops after the second epoch, on every rank alike.
        var stopped = NewModel().Fit(x, y, batchSize: 32, epochs: 5, verbose: 0, callbacks: [new EarlyStopping(monitor: "loss", minDelta: 10, patience: 1, verbose: 1)]);
        Console.WriteLine($"EARLYSTOP rank={rank} epochs={stopped.Epoch.Count}");

        // A callback that stops training on rank 1 only (after its second batch) stops it everywhere.
        var oneSided = NewModel();
        var history = oneSided.Fit(x, y, batchSize: 32, epochs: 3, verbose: 0, callbacks:
            [new LambdaCallback(onTrainBatchEnd: (batch, _) => { if (rank == 1 && batch == 1) oneSided.StopTraining = true; })]);
        Console.WriteLine($"ONESIDED rank={rank} epochs={history.Epoch.Count}");

        // BackupAndRestore: a backup after 2 epochs; rank 1's weights are then spoiled; the next Fit resumes from rank 0's backup everywhere.
        var backupDir = Path.Combine(directory, "backup");
        var resumed = NewModel();
        resumed.Fit(x, y, batchSize: 32, epochs: 2, verbose: 0, callbacks: [new BackupAndRestore(backupDir, deleteCheckpoint: false)]);
        if (rank == 1)
            foreach (var w in resumed.Weights) w.Assign(w.Value + 1);
        var after = resumed.Fit(x, y, batchSize: 32, epochs: 4, verbose: 0, callbacks: [new BackupAndRestore(backupDir)]);
        Console.WriteLine($"BACKUP rank={rank} epochs={string.Join(",", after.Epoch)}");
        Equivalence.WriteWeights(directory, "backup", rank, resumed.Weights.SelectMany(w => w.ToArray()).ToArray());
        return 0;
    }

    static (Tensor X, Tensor Y) Data()
    {
        Keras.Utils.SetRandomSeed(11);
        return (rand(96, 6), randint(0, 3, [96]));
    }

    static Model NewModel()
    {
        var model = new Sequential([Keras.Input(shape: [6]), new Dense(8, activation: "relu"), new Dense(3, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }
}
