using System.Text.Json.Nodes;
using Samples.Commands;
using static Microsoft.ML.KerasStyle.Tests.Saving.KerasFixtures;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Samples;

/// <summary>
/// The <c>predict</c> command, run in-process on every Keras fixture: its JSON lines reproduce the fixtures' reference
/// outputs (computed with NumPy) within 1e-5, and bad arguments are clear errors.
/// </summary>
[TestClass]
public sealed class PredictCommandTests : KerasTestBase
{
    static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = PredictCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    static List<JsonObject> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>Runs predict and checks each line against the reference rows from <paramref name="offset"/> on; returns the max difference.</summary>
    static double CheckAgainstReference(string fixture, int offset, int count, params string[] inputArgs)
    {
        var reference = Reference(fixture);
        var (code, output, error) = Run([Fixture(fixture), .. inputArgs, "--offset", $"{offset}", "--count", $"{count}"]);
        Assert.AreEqual(0, code, error);
        var lines = Lines(output);
        Assert.AreEqual(count, lines.Count);
        var expectedRows = reference["outputs"]!.AsArray();
        var maxDiff = 0.0;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            Assert.AreEqual(offset + i, line["index"]!.GetValue<int>());
            var actual = line["output"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
            var expected = expectedRows[offset + i]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
            maxDiff = Math.Max(maxDiff, MaxAbsDiff(expected, actual));
            Assert.AreEqual(Array.IndexOf(actual, actual.Max()), line["argmax"]!.GetValue<int>(), $"line {i}: argmax of its output");
            if (reference["argmax"] is JsonArray argmax) Assert.AreEqual(argmax[offset + i]!.GetValue<int>(), line["argmax"]!.GetValue<int>(), $"line {i}: reference argmax");
        }
        Assert.IsTrue(maxDiff <= 1e-5, $"{fixture}: max abs difference {maxDiff:E2} from the reference");
        Console.WriteLine($"{fixture}: max abs difference {maxDiff:E2} over {count} inputs");
        return maxDiff;
    }

    [TestMethod]
    public void FashionCnnReproducesItsReference() => CheckAgainstReference(Fashion, 0, 64, "--images", FashionFile(FashionTestImages));

    [TestMethod]
    public void DigitsCnnReproducesItsReference() => CheckAgainstReference(Digits, 0, 64, "--images", FashionFile(FashionTestImages));

    [TestMethod]
    public void LegacyH5MlpReproducesItsReferenceWithFlatten() =>
        CheckAgainstReference(LegacyMlp, 0, 64, "--images", FashionFile(FashionTestImages), "--flatten");

    [TestMethod]
    public void TabularMlpReproducesItsReferenceFromJsonInputs()
    {
        // The reference file itself is the input: an object whose "inputs" holds the 16 rows.
        var referencePath = Fixture(Path.ChangeExtension(Tabular, null) + ".reference.json");
        CheckAgainstReference(Tabular, 0, 16, "--inputs", referencePath);
    }

    [TestMethod]
    public void OffsetAndCountSelectTheImages() => CheckAgainstReference(Fashion, 60, 4, "--images", FashionFile(FashionTestImages));

    [TestMethod]
    public void CountDefaultsToTheRestOfTheInputs()
    {
        var referencePath = Fixture(Path.ChangeExtension(Tabular, null) + ".reference.json");
        var (code, output, _) = Run(Fixture(Tabular), "--inputs", referencePath, "--offset", "13");
        Assert.AreEqual(0, code);
        CollectionAssert.AreEqual(new[] { 13, 14, 15 }, Lines(output).Select(l => l["index"]!.GetValue<int>()).ToArray());
    }

    [TestMethod]
    public void HelpPrintsTheUsage()
    {
        var (code, output, _) = Run("--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "predict MODEL --images IDX");
        StringAssert.Contains(output, "--flatten");
    }

    [TestMethod]
    public void BadArgumentsAndFilesAreClearErrors()
    {
        var images = FashionFile(FashionTestImages);
        var model = Fixture(Fashion);
        void Fails(string expected, params string[] args)
        {
            var (code, output, error) = Run(args);
            Assert.AreEqual(2, code, $"exit code for [{string.Join(" ", args)}]");
            Assert.AreEqual("", output, "nothing on standard output");
            StringAssert.Contains(error, expected);
        }

        Fails("the model file is missing", "--images", images);
        Fails("either --images IDX or --inputs", model);
        Fails("does not exist", Path.Combine(TempDir(), "absent.keras"), "--images", images);
        Fails("the --images file", model, "--images", Path.Combine(TempDir(), "absent.gz"));
        Fails("unknown option '--batch'", model, "--images", images, "--batch", "3");
        Fails("--count must be an integer ≥ 1, received '0'", model, "--images", images, "--count", "0");
        Fails("--offset needs a value", model, "--images", images, "--offset");
        Fails("past the end: the file holds 10000 inputs", model, "--images", images, "--offset", "10000");
        Fails("asks for inputs up to 10001", model, "--images", images, "--offset", "9998", "--count", "4");
        Fails("Add --flatten", Fixture(LegacyMlp), "--images", images, "--count", "1");
        Fails("Leave out --flatten", model, "--images", images, "--count", "1", "--flatten");
        Fails("Unknown layer class", WithUnknownLayer(), "--images", images, "--count", "1");
    }

    static string WithUnknownLayer()
    {
        var path = Path.Combine(TempDir(), "unknown.keras");
        var fixture = Fixture(Fashion);
        RewriteEntry(fixture, path, "config.json", System.Text.Encoding.UTF8.GetBytes(ReadEntry(fixture, "config.json").Replace("\"class_name\": \"Dropout\"", "\"class_name\": \"SpatialDropout2D\"")));
        return path;
    }
}
