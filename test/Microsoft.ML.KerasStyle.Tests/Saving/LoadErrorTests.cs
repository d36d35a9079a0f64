using System.Text;
using static Microsoft.ML.KerasStyle.Tests.Saving.SavingTestFiles;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

[TestClass]
public sealed class LoadErrorTests : KerasTestBase
{
    static string SavedModel(string directory)
    {
        var model = new Sequential([Keras.Input(shape: [3]), new Dense(4, activation: "relu"), new Dense(1)]);
        var path = Path.Combine(directory, "model.keras");
        model.Save(path);
        return path;
    }

    static string WithConfig(string path, Func<string, string> edit)
    {
        var copy = Path.Combine(Path.GetDirectoryName(path)!, "edited.keras");
        RewriteEntry(path, copy, "config.json", Encoding.UTF8.GetBytes(edit(ReadEntry(path, "config.json"))));
        return copy;
    }

    [TestMethod]
    public void UnknownClassIsAnErrorNamingTheClassAndTheFile()
    {
        var path = WithConfig(SavedModel(TempDir()), c => c.Replace("\"class_name\": \"Dense\"", "\"class_name\": \"FancyDense\""));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "Unknown layer class 'FancyDense'");
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "KerasSerializable");
    }

    [TestMethod]
    public void KerasFixtureWithALayerThisLibraryLacksNamesIt()
    {
        // The Keras file with its LeakyReLU layers turned into PReLU, which the library does not have.
        var fixture = Fixture("tabular_mlp_leakyrelu_keras3.9.keras");
        var path = Path.Combine(TempDir(), "tabular_prelu.keras");
        var config = ReadEntry(fixture, "config.json");
        StringAssert.Contains(config, "\"class_name\": \"LeakyReLU\"");
        RewriteEntry(fixture, path, "config.json", Encoding.UTF8.GetBytes(config.Replace("\"class_name\": \"LeakyReLU\"", "\"class_name\": \"PReLU\"")));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "Unknown layer class 'PReLU'");
        StringAssert.Contains(error.Message, "tabular_prelu.keras");
    }

    [TestMethod]
    public void KerasFixtureWhoseWeightsLackAGroupNamesTheGroupAndTheFile()
    {
        // The Fashion CNN's archive with the weights of the same network minus its last Dense: no layers/dense_1.
        var fixture = Fixture("fashion_cnn_keras3.10.keras");
        var shorter = new Sequential(
        [
            Keras.Input(shape: [28, 28, 1]), new Conv2D(32, 3), new MaxPooling2D(2), new Conv2D(64, 3), new MaxPooling2D(2),
            new Flatten(), new Dropout(0.5), new Dense(64),
        ]);
        var weights = Path.Combine(TempDir(), "shorter.weights.h5");
        shorter.SaveWeights(weights);
        var path = Path.Combine(TempDir(), "fashion_missing_group.keras");
        RewriteEntry(fixture, path, "model.weights.h5", File.ReadAllBytes(weights));

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path, compile: false));
        StringAssert.Contains(error.Message, "no group 'layers/dense_1/vars'");
        StringAssert.Contains(error.Message, "fashion_missing_group.keras");
    }

    [TestMethod]
    public void UnsupportedOptionIsAnErrorNamingClassOptionAndFile()
    {
        // (Regularizers, which this test used to name, load now; LoRA does not.)
        var path = WithConfig(SavedModel(TempDir()), c => c.Replace("\"kernel_constraint\": null", "\"kernel_constraint\": null, \"lora_rank\": 4"));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "Layer class 'Dense'");
        StringAssert.Contains(error.Message, "lora_rank");
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void OptionsAtTheirKerasDefaultsAreAccepted()
    {
        var path = WithConfig(SavedModel(TempDir()), c => c
            .Replace("\"sparse\": false", "\"sparse\": false, \"optional\": false")
            .Replace("\"kernel_constraint\": null", "\"kernel_constraint\": null, \"lora_rank\": null")
            .Replace("\"dtype\": \"float32\", \"units\"",
                     "\"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"units\""));
        Assert.AreEqual(2, Keras.Models.LoadModel(path).Layers.Count);
    }

    [TestMethod]
    public void WrongTypeOfValueNamesTheOptionAndParameter()
    {
        var path = WithConfig(SavedModel(TempDir()), c => c.Replace("\"units\": 4", "\"units\": \"four\""));
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "'units'");
        StringAssert.Contains(error.Message, "Int32");
    }

    [TestMethod]
    public void TruncatedArchiveIsAClearError()
    {
        var path = SavedModel(TempDir());
        var bytes = File.ReadAllBytes(path);
        var truncated = Path.Combine(Path.GetDirectoryName(path)!, "truncated.keras");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(truncated));
        StringAssert.Contains(error.Message, "not a valid .keras file");
        StringAssert.Contains(error.Message, truncated);
    }

    [TestMethod]
    public void MissingOrCorruptWeightsAreClearErrors()
    {
        var path = SavedModel(TempDir());
        var missing = Path.Combine(Path.GetDirectoryName(path)!, "missing.keras");
        RewriteEntry(path, missing, "model.weights.h5", null);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(missing)).Message, "model.weights.h5");

        var corrupt = Path.Combine(Path.GetDirectoryName(path)!, "corrupt.keras");
        var weights = ReadEntryBytes(path, "model.weights.h5");
        RewriteEntry(path, corrupt, "model.weights.h5", weights[..200]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(corrupt));
        StringAssert.Contains(error.Message, "model.weights.h5");
    }

    [TestMethod]
    public void InvalidConfigJsonIsAClearError()
    {
        var path = WithConfig(SavedModel(TempDir()), c => c[..(c.Length / 2)]);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(path));
        StringAssert.Contains(error.Message, "config.json is not valid JSON");
    }

    [TestMethod]
    public void MissingFileIsFileNotFound()
    {
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => Keras.Models.LoadModel(Path.Combine(TempDir(), "nothing.keras")));
        StringAssert.Contains(error.Message, "nothing.keras");
    }

    [TestMethod]
    public void ADirectoryIsNamedAsADirectoryWithWhatIsExpected()
    {
        var directory = TempDir();
        var folder = Path.Combine(directory, "x.keras");
        Directory.CreateDirectory(folder);
        var model = Keras.Models.LoadModel(SavedModel(directory));

        var load = Assert.ThrowsExactly<ArgumentException>(() => Keras.Models.LoadModel(folder));
        Assert.AreEqual($"LoadModel: '{folder}' is a directory, not a file. LoadModel reads a .keras file (the zip archive that Save writes) " +
                        "or a legacy .h5/.hdf5 file. (Parameter 'path')", load.Message);
        var weights = Path.Combine(directory, "x.weights.h5");
        Directory.CreateDirectory(weights);
        var loadWeights = Assert.ThrowsExactly<ArgumentException>(() => model.LoadWeights(weights));
        StringAssert.StartsWith(loadWeights.Message, $"LoadWeights: '{weights}' is a directory, not a file. LoadWeights reads a .weights.h5 file");
        // Keras's unzipped model folder (save_model(..., zipped=False)) is recognized.
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        var unzipped = Assert.ThrowsExactly<ArgumentException>(() => Keras.Models.LoadModel(folder));
        StringAssert.Contains(unzipped.Message, "zip its files (config.json, metadata.json, model.weights.h5) into a .keras file");
    }

    [TestMethod]
    public void GraphReferringToAnUnknownLayerIsAnError()
    {
        var input = Keras.Input(shape: [2]);
        var model = new Model(input, new Dense(1, name: "out").Apply(input));
        var path = Path.Combine(TempDir(), "f.keras");
        model.Save(path);
        var edited = WithConfig(path, c => c.Replace("\"output_layers\": [\"out\", 0, 0]", "\"output_layers\": [\"ghost\", 0, 0]"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => Keras.Models.LoadModel(edited)).Message, "'ghost'");
    }
}
