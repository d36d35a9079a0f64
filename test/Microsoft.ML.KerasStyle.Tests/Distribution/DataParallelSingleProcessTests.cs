using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Distribution;

namespace Microsoft.ML.KerasStyle.Tests.Distribution;

/// <summary>
/// DataParallel in a process that no MPI launcher started (as in this test host): one process, no MPI loaded, and
/// training exactly as without a distribution.
/// </summary>
[TestClass]
public sealed class DataParallelSingleProcessTests : KerasTestBase
{
    [TestCleanup]
    public void NoDistribution() => Keras.Distribution.SetDistribution(null);

    [TestMethod]
    public void WithoutALauncherItIsOneProcessAndLoadsNoMpi()
    {
        Assert.IsNull(Mpi.Launcher, "the test host is not started by mpirun");
        var parallel = new Keras.Distribution.DataParallel();
        Assert.AreEqual(1, parallel.NumProcesses);
        Assert.AreEqual(0, parallel.ProcessId);
        Assert.AreEqual(1, parallel.NumModelReplicas);
        Assert.AreEqual(0, parallel.DataShardId);
        Assert.AreEqual("batch", parallel.BatchDimName);
        Assert.IsTrue(parallel.AutoShardDataset);
        Assert.AreEqual("<DataParallel num_processes=1 process_id=0>", parallel.ToString());
        Assert.IsFalse(Mpi.Active, "libmpi is not loaded");
        Assert.IsTrue(Keras.Distribution.IsChief);
    }

    [TestMethod]
    public void SetDistributionAndScope()
    {
        var parallel = new Keras.Distribution.DataParallel(autoShardDataset: false);
        Assert.IsNull(Keras.Distribution.GetDistribution());
        using (parallel.Scope()) Assert.AreSame(parallel, Keras.Distribution.GetDistribution());
        Assert.IsNull(Keras.Distribution.GetDistribution(), "the scope restores the previous distribution");
        Keras.Distribution.SetDistribution(parallel);
        Assert.AreSame(parallel, Keras.Distribution.GetDistribution());
        Assert.IsFalse(parallel.AutoShardDataset);
        Keras.ClearSession();
        Assert.IsNull(Keras.Distribution.GetDistribution(), "ClearSession resets the distribution, as Keras's clear_session does");
    }

    [TestMethod]
    public void OneProcessTrainsExactlyAsWithoutADistribution()
    {
        (float[] Weights, List<double> Loss, float[] Predictions) Train(bool distributed)
        {
            Keras.ClearSession();
            Keras.Utils.SetRandomSeed(3);
            Keras.Distribution.SetDistribution(distributed ? new Keras.Distribution.DataParallel() : null);
            var x = rand(50, 4);
            var y = randint(0, 3, [50]);
            var model = new Sequential([Keras.Input(shape: [4]), new Dense(5, activation: "relu"), new Dense(3, activation: "softmax")]);
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
            var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, validationSplit: 0.2, callbacks: [new EarlyStopping(monitor: "loss", patience: 5)]);
            var predictions = ((Tensor)model.Predict(x, verbose: 0)).data<float>().ToArray();
            return (model.Weights.SelectMany(w => w.ToArray()).ToArray(), history.Values["loss"], predictions);
        }
        var plain = Train(distributed: false);
        var parallel = Train(distributed: true);
        CollectionAssert.AreEqual(plain.Weights, parallel.Weights, "bit-identical weights");
        CollectionAssert.AreEqual(plain.Loss, parallel.Loss);
        CollectionAssert.AreEqual(plain.Predictions, parallel.Predictions);
    }

    [TestMethod]
    public void OnlyProgressAndFileWritingCallbacksAreLeftToRankZero()
    {
        var dir = Path.Combine(Path.GetTempPath(), "unused");
        foreach (var callback in new Callback[] { new ProgbarLogger(), new ModelCheckpoint(Path.Combine(dir, "m.keras")), new TensorBoard(dir), new CSVLogger(Path.Combine(dir, "log.csv")), new BackupAndRestore(dir) })
            Assert.IsTrue(RankZeroCallbacks.OnlyOnRankZero(callback), callback.GetType().Name);
        foreach (var callback in new Callback[] { new EarlyStopping(), new ReduceLROnPlateau(), new TerminateOnNaN(), new History(), new LambdaCallback() })
            Assert.IsFalse(RankZeroCallbacks.OnlyOnRankZero(callback), callback.GetType().Name);
        var all = new List<Callback> { new ProgbarLogger(), new EarlyStopping() };
        CollectionAssert.AreEqual(all, RankZeroCallbacks.ForThisProcess(all), "a process outside a job keeps them all");
    }

    [TestMethod]
    public void AMissingOrForeignMpiLibrarySaysWhatToInstallAndHowToLaunch()
    {
        var missing = Assert.ThrowsExactly<InvalidOperationException>(() => MpiLibrary.Load("OMPI_COMM_WORLD_SIZE=2", ["libmpi-absent.so.99"]));
        StringAssert.Contains(missing.Message, "started by an MPI launcher (OMPI_COMM_WORLD_SIZE=2) but Open MPI's library could not be loaded (tried libmpi-absent.so.99)");
        StringAssert.Contains(missing.Message, "apt-get install openmpi-bin");
        StringAssert.Contains(missing.Message, "mpirun -np 2 dotnet MyTraining.dll");
        // A library that loads but is not Open MPI (here the C library) is refused rather than called with wrong handles.
        var foreign = Assert.ThrowsExactly<InvalidOperationException>(() => MpiLibrary.Load("PMI_SIZE=2", ["libc.so.6"]));
        StringAssert.Contains(foreign.Message, "'libc.so.6' loaded, but it is not Open MPI");
        StringAssert.Contains(foreign.Message, "mpirun -np 2 dotnet MyTraining.dll");
    }
}
