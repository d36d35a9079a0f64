using Microsoft.ML.KerasStyle.Tests.Datasets;

namespace Microsoft.ML.KerasStyle.Tests.Docs;

/// <summary>
/// Small stand-ins for MNIST and Fashion-MNIST, in a Keras home folder (<c>KERAS_HOME</c>) of their own: 1,000
/// training images each, 5,500 MNIST and 1,000 Fashion-MNIST test images, with the real files' format and shapes, so
/// that docs programs that load them run in seconds (the MNIST examples split the test set at 5,000). Each image is noise with a bright band whose rows depend on the
/// class (learnable, so that training curves and early stopping behave as usual).
/// </summary>
internal static class StandInDatasets
{
    /// <summary>Writes the Keras home folder under <paramref name="root"/>; returns its path.</summary>
    public static string Create(string root)
    {
        var home = Path.Combine(root, "keras-home");
        foreach (var (folder, seed, testImages) in new[] { ("mnist", 1, 5_500), ("fashion-mnist", 2, 1_000) })
        {
            var directory = Directory.CreateDirectory(Path.Combine(home, "datasets", folder)).FullName;
            var random = new Random(seed);
            foreach (var (stem, count) in new[] { ("train", 1_000), ("t10k", testImages) })
            {
                var labels = Enumerable.Range(0, count).Select(_ => (byte)random.Next(10)).ToArray();
                File.WriteAllBytes(Path.Combine(directory, $"{stem}-images-idx3-ubyte.gz"), DatasetTestFiles.Gzip(DatasetTestFiles.IdxBytes(Images(labels, random), count, 28, 28)));
                File.WriteAllBytes(Path.Combine(directory, $"{stem}-labels-idx1-ubyte.gz"), DatasetTestFiles.Gzip(DatasetTestFiles.IdxBytes(labels, count)));
            }
        }
        return home;
    }

    static byte[] Images(byte[] labels, Random random)
    {
        var pixels = new byte[labels.Length * 784];
        random.NextBytes(pixels);
        for (var i = 0; i < labels.Length; i++)
            for (var p = 0; p < 784; p++)
            {
                var row = p / 28;
                var bright = row >= 4 + 2 * labels[i] && row < 6 + 2 * labels[i];
                pixels[i * 784 + p] = (byte)(bright ? 160 + pixels[i * 784 + p] % 96 : pixels[i * 784 + p] % 64);
            }
        return pixels;
    }
}
