namespace Microsoft.ML.KerasStyle.Tests.Layers.Contract;

// The layer inside a functional model, through a .keras file and a .weights.h5 file.
internal static partial class LayerContract
{
    static void InTempDirectory(Action<string> action)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kerasstyle-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            action(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static void CheckKerasFile(LayerCase c) => InTempDirectory(directory =>
    {
        var layer = c.Make();
        var model = Wrap(c, layer);
        Randomize(model);
        var inputs = Draw(c, 7);
        var expected = model.Apply((Inputs)inputs).ToArray();
        var path = Path.Combine(directory, "layer.keras");
        model.Save(path);
        var loaded = Keras.Models.LoadModel(path);
        var reloaded = loaded.Layers.SingleOrDefault(l => l.Name == layer.Name);
        Assert.IsNotNull(reloaded, $"the loaded model has no layer '{layer.Name}': [{string.Join(", ", loaded.Layers.Select(l => l.Name))}]");
        Assert.AreEqual(layer.GetType(), reloaded.GetType(), "class of the loaded layer");
        Assert.AreEqual(ConfigText(layer), ConfigText(reloaded), "GetConfig of the loaded layer");
        AssertIdentical(expected, loaded.Apply((Inputs)inputs).ToArray(), "the model loaded from the .keras file");
    });

    static void CheckWeightsFile(LayerCase c) => InTempDirectory(directory =>
    {
        var model = Wrap(c, c.Make());
        Randomize(model);
        var inputs = Draw(c, 7);
        var expected = model.Apply((Inputs)inputs).ToArray();
        var path = Path.Combine(directory, "layer.weights.h5");
        model.SaveWeights(path);
        var fresh = Wrap(c, c.Make());
        fresh.LoadWeights(path);
        AssertIdentical(expected, fresh.Apply((Inputs)inputs).ToArray(), "a new model given the .weights.h5 file");
    });
}
