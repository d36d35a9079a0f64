using System.Globalization;
using Microsoft.ML.KerasStyle.Callbacks;
using Microsoft.ML.KerasStyle.Saving;
using Microsoft.ML.KerasStyle.Tests.Callbacks;
using Microsoft.ML.KerasStyle.Tests.ChildProcesses;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Saves that stop at a chosen moment in a child process, for the tests that kill it there (SIGKILL: no finally
/// block, no cleanup runs). The child prints <see cref="Paused"/> and sleeps at the moment; the test kills it.
/// </summary>
internal static class KillableSaves
{
    /// <summary><c>save-paused PATH</c>: saves a model to PATH (.keras or .weights.h5), pausing halfway through writing it.</summary>
    public const string SaveCommand = "save-paused";

    /// <summary>
    /// <c>backup-paused DIR EPOCHS STEP OCCURRENCE</c>: trains <see cref="BackupAndRestoreTests.NewModel"/> with a
    /// BackupAndRestore in DIR, pausing at the OCCURRENCE-th time the backup reaches STEP (a <see cref="BackupStore"/> step,
    /// or "writing" for the middle of writing the weights).
    /// </summary>
    public const string BackupCommand = "backup-paused";

    /// <summary>The line the child prints where it stops.</summary>
    public const string Paused = "PAUSED";

    /// <summary>Runs a command in this (child) process.</summary>
    public static int Run(string[] args)
    {
        Keras.ClearSession();
        Keras.Utils.SetRandomSeed(1234);
        switch (args)
        {
            case [SaveCommand, var path]:
                var model = new Sequential([Keras.Input(shape: [64]), new Dense(256), new Dense(64)]);
                AtomicFile.WritingHook = _ => Pause();
                if (path.EndsWith(".keras", StringComparison.Ordinal)) model.Save(path);
                else model.SaveWeights(path);
                return 0;
            case [BackupCommand, var directory, var epochs, var step, var occurrence]:
                var seen = 0;
                void Count(string reached)
                {
                    if (reached == step && ++seen == int.Parse(occurrence, CultureInfo.InvariantCulture)) Pause();
                }
                BackupStore.StepHook = Count;
                AtomicFile.WritingHook = _ => Count("writing");
                BackupAndRestoreTests.NewModel().Fit(BackupAndRestoreTests.X, BackupAndRestoreTests.Y, epochs: int.Parse(epochs, CultureInfo.InvariantCulture),
                                                     batchSize: 4, shuffle: false, verbose: 0, callbacks: [new BackupAndRestore(directory)]);
                return 0;
            default:
                Console.Error.WriteLine($"Bad arguments: {string.Join(' ', args)}");
                return 2;
        }
    }

    /// <summary>Starts a child that runs <paramref name="args"/> and returns once it has paused.</summary>
    public static ChildProcess StartPaused(params string[] args)
    {
        var child = ChildProcess.Start(Path.GetTempPath(), null, args);
        child.WaitForLine(Paused, TimeSpan.FromSeconds(60));
        return child;
    }

    static void Pause()
    {
        Console.WriteLine(Paused);
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
