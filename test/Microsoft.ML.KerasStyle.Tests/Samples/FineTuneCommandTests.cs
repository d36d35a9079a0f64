using Samples.Commands;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Samples;

/// <summary>
/// The <c>finetune</c> command's usage and errors (its full-epoch run takes minutes, so the training itself is checked
/// on a slice by KerasFixtureTrainingTests).
/// </summary>
[TestClass]
public sealed class FineTuneCommandTests : KerasTestBase
{
    static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FineTuneCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void HelpPrintsTheUsage()
    {
        var (code, output, _) = Run("--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "finetune MODEL");
        StringAssert.Contains(output, "--epochs N");
    }

    [TestMethod]
    public void BadArgumentsAndFilesAreClearErrors()
    {
        void Fails(string expected, params string[] args)
        {
            var (code, output, error) = Run(args);
            Assert.AreEqual(2, code, $"exit code for [{string.Join(" ", args)}]");
            Assert.AreEqual("", output);
            StringAssert.Contains(error, expected);
        }

        Fails("the model file is missing");
        Fails("does not exist", Path.Combine(TempDir(), "absent.keras"));
        Fails("--epochs must be a positive integer, received 'x'", "m.keras", "--epochs", "x");
        Fails("unknown option '--lr'", "m.keras", "--lr", "0.1");

        // A model saved without compiling has no loss or optimizer state to continue from.
        var uncompiled = Path.Combine(TempDir(), "plain.keras");
        new Sequential([Keras.Input(shape: [784]), new Dense(10)]).Save(uncompiled);
        Fails("holds no compile config", uncompiled);
    }
}
