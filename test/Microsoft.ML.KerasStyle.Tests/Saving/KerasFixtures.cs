using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Microsoft.ML.KerasStyle.Tests.Saving;

/// <summary>
/// The Keras files of shared/fixtures/keras3 with their reference outputs (computed with NumPy from the same weights,
/// rounded to 7 decimals) and the Fashion-MNIST images the CNN references were computed on.
/// </summary>
internal static class KerasFixtures
{
    public const string Tabular = "tabular_mlp_leakyrelu_keras3.9.keras";
    public const string Fashion = "fashion_cnn_keras3.10.keras";
    public const string Digits = "digits_cnn_keras3.4.keras";
    public const string LegacyMlp = "mnist_mlp_legacy_keras3.3.h5";

    /// <summary>Debian's dataset-fashion-mnist test images.</summary>
    public const string FashionTestImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    /// <summary>Debian's dataset-fashion-mnist training images and labels.</summary>
    public const string FashionTrainImages = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

    /// <summary>The reference file of <paramref name="fixture"/>.</summary>
    public static JsonObject Reference(string fixture) =>
        JsonNode.Parse(File.ReadAllText(SavingTestFiles.Fixture(Path.ChangeExtension(fixture, null) + ".reference.json")))!.AsObject();

    /// <summary>A JSON list of rows as one flat array.</summary>
    public static float[] Flat(JsonNode rows) => rows.AsArray().SelectMany(r => r!.AsArray().Select(v => (float)v!.GetValue<double>())).ToArray();

    /// <summary>The path of a Fashion-MNIST file; the test is inconclusive where the Debian package is not installed.</summary>
    public static string FashionFile(string path)
    {
        if (!File.Exists(path)) Assert.Inconclusive($"Debian's dataset-fashion-mnist is not installed ({path} is absent).");
        return path;
    }

    /// <summary>The first <paramref name="count"/> Fashion-MNIST test images, pixels / 255, shape (N, 28, 28, 1).</summary>
    public static Tensor FashionImages(int count)
    {
        using var gzip = new GZipStream(File.OpenRead(FashionFile(FashionTestImages)), CompressionMode.Decompress);
        var bytes = new byte[16 + count * 784];
        gzip.ReadExactly(bytes);
        var pixels = bytes[16..].Select(b => b / 255f).ToArray();
        return tensor(pixels).reshape(count, 28, 28, 1);
    }

    /// <summary>The model's outputs in inference mode, flattened.</summary>
    public static float[] Predict(Model model, Tensor x)
    {
        using var _ = no_grad();
        return SavingTestFiles.Values(model.Apply(x, training: false));
    }

    /// <summary>The largest absolute difference.</summary>
    public static double MaxAbsDiff(float[] expected, float[] actual)
    {
        Assert.AreEqual(expected.Length, actual.Length, "number of values");
        return expected.Zip(actual).Max(p => Math.Abs((double)p.First - p.Second));
    }
}
