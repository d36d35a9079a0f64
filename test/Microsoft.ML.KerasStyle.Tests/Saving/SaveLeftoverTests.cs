using System.Text.RegularExpressions;
using Microsoft.ML.KerasStyle.Saving;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// Saves killed before their rename leave a hidden temporary (<c>.&lt;name&gt;.&lt;guid&gt;.tmp</c>); the next save of
/// the same target removes it, but never the temporary of a save still being written. Errors name the target.
/// </summary>
[TestClass]
public sealed partial class SaveLeftoverTests : KerasTestBase
{
    [TestCleanup]
    public void RemoveHook() => AtomicFile.WritingHook = null;

    static Sequential Model(int units) => new([Keras.Input(shape: [2]), new Dense(units)]);

    static string[] Temporaries(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).Where(n => TemporaryName().IsMatch(n!)).ToArray()!;

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryName();

    [TestMethod]
    [DataRow("model.keras")]
    [DataRow("model.weights.h5")]
    public void ASaveKilledMidWriteLeavesATemporaryThatTheNextSaveRemoves(string name)
    {
        var directory = TempDir();
        var path = Path.Combine(directory, name);
        Model(3).SaveWeights(Path.Combine(directory, "other.weights.h5"));
        using (var child = KillableSaves.StartPaused(KillableSaves.SaveCommand, path)) child.Kill();
        var leftover = Temporaries(directory).Single();
        StringAssert.StartsWith(leftover, "." + name + ".");
        Assert.IsGreaterThan(1000L, new FileInfo(Path.Combine(directory, leftover)).Length, "the killed save had written half of the model");

        var model = Model(3);
        if (name.EndsWith(".keras", StringComparison.Ordinal)) model.Save(path);
        else model.SaveWeights(path);

        CollectionAssert.AreEquivalent(new[] { name, "other.weights.h5" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray(),
                                       "the leftover is gone, the other file is kept");
    }

    [TestMethod]
    public void OnlyAbandonedTemporariesOfTheSameTargetAreRemovedAndALiveSaveKeepsItsOwn()
    {
        var directory = TempDir();
        var path = Path.Combine(directory, "model.keras");
        var abandoned = Path.Combine(directory, ".model.keras.0123456789abcdef0123456789abcdef.tmp");
        var otherTarget = Path.Combine(directory, ".best.keras.0123456789abcdef0123456789abcdef.tmp");
        var usersFile = Path.Combine(directory, ".model.keras.notes.tmp");
        foreach (var file in new[] { abandoned, otherTarget, usersFile }) File.WriteAllText(file, "x");
        var outer = Model(3);
        var inner = Model(5);
        string[]? duringInnerSave = null;
        AtomicFile.WritingHook = _ =>
        {
            // The outer save is halfway through its temporary; a second save of the same target runs to its end meanwhile.
            AtomicFile.WritingHook = null;
            inner.Save(path);
            duringInnerSave = Temporaries(directory);
        };

        outer.Save(path);

        Assert.IsNotNull(duringInnerSave);
        Assert.HasCount(1, duringInnerSave.Where(n => n.StartsWith(".model.keras.", StringComparison.Ordinal)).ToList(),
                        "the inner save removed the abandoned temporary but kept the outer save's, which is held open");
        Assert.IsFalse(File.Exists(abandoned));
        Assert.IsTrue(File.Exists(otherTarget), "another target's temporary is not this save's business");
        Assert.IsTrue(File.Exists(usersFile), "a name that is not a save's temporary is kept");
        Assert.HasCount(1, Temporaries(directory), "only the other target's temporary is left");
        var x = randn(2, 2);
        CollectionAssert.AreEqual(Values(outer.Apply(x)), Values(Keras.Models.LoadModel(path).Apply(x)), "the outer save renamed last");
    }

    [TestMethod]
    public void ATargetWhoseNameIsNearTheLengthLimitSaves()
    {
        // 240 characters: valid, but '.' + name + '.' + 32 hex digits + '.tmp' would not be.
        var directory = TempDir();
        var path = Path.Combine(directory, new string('m', 234) + ".keras");
        var model = Model(3);

        model.Save(path);
        model.Save(path);

        Assert.AreEqual(path, Directory.GetFiles(directory).Single());
        var x = randn(2, 2);
        CollectionAssert.AreEqual(Values(model.Apply(x)), Values(Keras.Models.LoadModel(path).Apply(x)));
    }

    [TestMethod]
    public void AFailedSaveNamesTheTargetNotTheTemporary()
    {
        var directory = Path.Combine(TempDir(), "checkpoints");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "model.keras");
        // The folder is removed while the model is being written (another job cleaning up, a lost network share).
        AtomicFile.WritingHook = _ => Directory.Delete(directory, recursive: true);

        var error = Assert.Throws<IOException>(() => Model(3).Save(path));

        Assert.AreEqual($"Cannot save to '{path}': Could not find its temporary file. The previous file, if any, is unchanged.", error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        StringAssert.Contains(error.InnerException!.Message, ".model.keras.", "the detail stays inside");
    }
}
